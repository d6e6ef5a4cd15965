package cohortbank.customer.runner;

import cohortbank.common.console.Tables;
import cohortbank.common.money.Money;
import cohortbank.common.store.FileStorage;
import cohortbank.customer.check.Invariants;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.store.CustomerStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The checks a scenario makes of the cohort as a whole, through the customers' consoles and
 * state directories: balances, the total, the DESIGN §7 invariants, and the closing table.
 * They cover exactly the customers opened in the run ({@code openings}, kept up to date by the
 * interpreter). Used on the interpreter's thread only.
 */
final class CohortChecks {

    /** A running customer's console, or a {@link ScenarioInterpreter.Failed} saying it is not running. */
    @FunctionalInterface
    interface Consoles {
        ConsoleProcess running(String name) throws ScenarioInterpreter.Failed;
    }

    /** Pause between the two readings of the cohort, and between attempts. */
    private static final long READ_GAP_MILLIS = 250;

    private final Map<String, Long> openings;
    private final Consoles consoles;
    private final Predicate<String> isRunning;
    private final Function<String, Path> stateDirs;
    private final Narrator narrator;

    CohortChecks(Map<String, Long> openings, Consoles consoles, Predicate<String> isRunning,
            Function<String, Path> stateDirs, Narrator narrator) {
        this.openings = openings;
        this.consoles = consoles;
        this.isRunning = isRunning;
        this.stateDirs = stateDirs;
        this.narrator = narrator;
    }

    Path stateDir(String name) {
        return stateDirs.apply(name);
    }

    /** Each named customer's live balance is the given one. */
    void balances(Map<String, Long> expected) throws ScenarioInterpreter.Failed, InterruptedException {
        List<String> seen = new ArrayList<>();
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            long actual = balance(e.getKey());
            if (actual != e.getValue()) {
                throw new ScenarioInterpreter.Failed(e.getKey() + "'s balance to be " + Money.ofCents(e.getValue()),
                        Money.ofCents(actual).toString());
            }
            seen.add(e.getKey() + " " + Money.ofCents(actual));
        }
        narrator.ok("balance " + String.join(", ", seen));
    }

    /** The live balances of every opened customer add up to {@code cents}. */
    void total(long cents) throws ScenarioInterpreter.Failed, InterruptedException {
        long total = 0;
        for (String name : openings.keySet()) {
            total += balance(name);
        }
        if (total != cents) {
            throw new ScenarioInterpreter.Failed("the cohort total to be " + Money.ofCents(cents),
                    Money.ofCents(total) + " (" + String.join(" + ", openings.keySet()) + ")");
        }
        narrator.ok("total " + Money.ofCents(total) + " over " + String.join(", ", openings.keySet()));
    }

    private long balance(String name) throws ScenarioInterpreter.Failed, InterruptedException {
        ConsoleProcess.Result r = ask(consoles.running(name), "balance");
        if (!r.line().startsWith("SUCCESS balance ")) {
            throw new ScenarioInterpreter.Failed("'SUCCESS balance AMOUNT' from " + name, r.line());
        }
        return Money.parse(r.line().substring("SUCCESS balance ".length()).strip()).cents();
    }

    private static ConsoleProcess.Result ask(ConsoleProcess p, String command)
            throws ScenarioInterpreter.Failed, InterruptedException {
        p.send(command);
        ConsoleProcess.Result r = p.result(ScenarioInterpreter.COMMAND_MILLIS);
        if (r == null) {
            throw new ScenarioInterpreter.Failed("a result line for '" + command + "' from " + p.name(),
                    p.alive() ? "nothing within " + ScenarioInterpreter.COMMAND_MILLIS + " ms" : "the process ended");
        }
        return r;
    }

    /**
     * Reads every opened customer's books twice in a row until both readings agree (nothing
     * moved in between, so the cut is consistent), then checks them; bounded by {@code timeoutMillis}.
     */
    void invariants(long timeoutMillis) throws ScenarioInterpreter.Failed, InterruptedException {
        for (String name : openings.keySet()) {
            consoles.running(name); // every customer must be up for "no loss" to mean anything
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        List<String> violations = List.of("the cohort never stood still long enough to be read");
        while (System.nanoTime() < deadline) {
            List<Invariants.Books> first = books();
            Thread.sleep(READ_GAP_MILLIS);
            List<Invariants.Books> second = books();
            if (first.equals(second)) {
                violations = new ArrayList<>(Invariants.safety(second));
                violations.addAll(Invariants.quiet(second));
                if (violations.isEmpty()) {
                    long total = second.stream().mapToLong(Invariants.Books::balanceCents).sum();
                    narrator.ok("DESIGN §7 over " + String.join(", ", openings.keySet()) + ", total "
                            + Money.ofCents(total) + ":");
                    narrator.verdicts(InvariantNames.verdicts(violations));
                    return;
                }
            }
            Thread.sleep(READ_GAP_MILLIS);
        }
        narrator.verdicts(InvariantNames.verdicts(violations));
        throw new ScenarioInterpreter.Failed("the DESIGN §7 invariants to hold within "
                + timeoutMillis / 1000.0 + " s", String.join("; ", violations));
    }

    private List<Invariants.Books> books() throws ScenarioInterpreter.Failed, InterruptedException {
        List<Invariants.Books> books = new ArrayList<>();
        for (Map.Entry<String, Long> e : openings.entrySet()) {
            String name = e.getKey();
            ConsoleProcess.Result r = ask(consoles.running(name), "history");
            try {
                books.add(BooksReader.books(name, e.getValue(), r, stateDir(name), warning -> { }));
            } catch (IllegalArgumentException bad) {
                throw new ScenarioInterpreter.Failed("a history table from " + name, bad.getMessage());
            }
        }
        return books;
    }

    /** Each opened customer's opening, live and checkpointed balance and checkpoint, with totals. */
    void showBalances() throws ScenarioInterpreter.Failed, InterruptedException {
        List<List<String>> rows = new ArrayList<>();
        long total = 0;
        for (String name : openings.keySet()) {
            String live = "(stopped)";
            if (isRunning.test(name)) {
                long cents = balance(name);
                total += cents;
                live = Money.ofCents(cents).toString();
            }
            Optional<Checkpoint> permanent = new CustomerStore(new FileStorage(stateDir(name)), w -> { })
                    .loadPermanent();
            rows.add(List.of(name, Money.ofCents(openings.get(name)).toString(), live,
                    permanent.map(c -> c.account().balance().toString()).orElse("-"),
                    permanent.map(Checkpoint::instance).orElse("-")));
        }
        rows.add(List.of("total", Money.ofCents(openings.values().stream().mapToLong(Long::longValue).sum())
                .toString(), Money.ofCents(total).toString(), "", ""));
        narrator.line("");
        narrator.table(Tables.render(List.of("customer", "opened with", "balance", "checkpointed", "checkpoint"),
                rows));
    }
}
