package cohortbank.customer.runner;

import cohortbank.common.money.Money;
import cohortbank.common.store.FileStorage;
import cohortbank.customer.account.HistoryEntry;
import cohortbank.customer.check.Invariants;
import cohortbank.customer.store.CustomerStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a running customer's books the way {@link Invariants} wants them: its live history and
 * balance from one {@code history} console command (one command, so the two agree), and its
 * latest permanent checkpoint from its state directory (files are replaced atomically, so
 * reading while it runs is safe).
 */
final class BooksReader {

    private static final Pattern BALANCE = Pattern.compile("balance (-?\\d+\\.\\d\\d)$");

    private BooksReader() {
    }

    /**
     * Parses the {@code history} command's table and result line.
     *
     * @throws IllegalArgumentException naming what does not parse
     */
    static Invariants.Books books(String name, long openingCents, ConsoleProcess.Result history, Path stateDir,
            Consumer<String> warn) {
        Matcher balance = BALANCE.matcher(history.line());
        if (!history.line().startsWith("SUCCESS") || !balance.find()) {
            throw new IllegalArgumentException("unexpected history result from " + name + ": " + history.line());
        }
        List<HistoryEntry> entries = new ArrayList<>();
        List<String> table = history.table();
        for (int i = 1; i < table.size(); i++) { // row 0 is the header
            String row = table.get(i).strip();
            if (!row.isEmpty()) {
                entries.add(entry(name, row));
            }
        }
        Optional<List<HistoryEntry>> permanent = new CustomerStore(new FileStorage(stateDir), warn)
                .loadPermanent().map(c -> c.account().history());
        return new Invariants.Books(name, openingCents, Money.parse(balance.group(1)).cents(), entries, permanent);
    }

    /** One row: kind, amount, counterparty ("-" for local moves), label ("-" for local moves). */
    private static HistoryEntry entry(String name, String row) {
        String[] cells = row.split("\\s+");
        if (cells.length != 4) {
            throw new IllegalArgumentException("unexpected history row from " + name + ": " + row);
        }
        HistoryEntry.Kind kind = HistoryEntry.Kind.valueOf(cells[0].toUpperCase(Locale.ROOT));
        long label = cells[3].equals("-") ? 0 : Long.parseLong(cells[3]);
        return new HistoryEntry(kind, Money.parse(cells[1]), cells[2], label);
    }
}
