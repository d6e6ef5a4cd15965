package cohortbank.bank;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * {@code data.csv.journal}: the bank's changes since data.csv and its sidecar were last
 * rewritten, one record per durable step, appended (see docs/PROTOCOL.md for the format).
 *
 * <p>A record is one line, {@code <crc32 as 8 hex digits> <change>|<change>...}, whose checksum
 * covers everything after the space. A change is either {@code customer <the row's seven
 * data.csv fields>} (the row as it now is, added or replaced) or a line of the sidecar's format
 * ({@link BankState#apply}). Every change sets a fact, so replaying the whole journal over
 * files that already hold some of it (a crash after a rewrite, before the journal was emptied)
 * ends in the same state.
 *
 * <p>Reading: a crash during an append may leave the last record torn (cut short, or with a bad
 * checksum); it was never acknowledged and is ignored. A bad record with good ones after it is
 * corruption, a {@link BankDataException}.
 */
final class BankJournal {

    private static final String CUSTOMER = "customer ";

    private BankJournal() {
    }

    /** The change that makes {@code r} the row of its name. */
    static String customer(CustomerRecord r) {
        return CUSTOMER + String.join(",", CsvBankStore.fields(r));
    }

    /** One record of {@code changes}, which become durable together or not at all. */
    static byte[] record(List<String> changes) {
        String payload = String.join("|", changes);
        return (checksum(payload) + " " + payload + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code base} with every complete record of {@code journal} applied in order.
     *
     * @param label names the journal in errors
     * @param csv   reads the rows of {@code customer} changes, as strictly as data.csv's
     */
    static BankStore.Contents replay(String label, byte[] journal, BankStore.Contents base, CsvBankStore csv)
            throws BankDataException {
        String[] lines = new String(journal, StandardCharsets.UTF_8).split("\n", -1);
        BankTable table = base.table();
        BankState state = base.state();
        // The last element follows the last newline: empty, or a record cut short by a crash.
        int complete = lines.length - 1;
        for (int n = 0; n < complete; n++) {
            String line = lines[n];
            int space = line.indexOf(' ');
            boolean intact = space == 8 && line.substring(0, 8).equals(checksum(line.substring(9)));
            if (!intact) {
                if (n == complete - 1) {
                    break; // torn: the last record was never acknowledged
                }
                throw new BankDataException(label + " line " + (n + 1) + ": bad checksum, with records after it");
            }
            for (String change : line.substring(9).split("\\|", -1)) {
                try {
                    if (change.startsWith(CUSTOMER)) {
                        table = table.with(csv.row(n + 1, change.substring(CUSTOMER.length()).split(",", -1)));
                    } else {
                        state = state.apply(change);
                    }
                } catch (IllegalArgumentException e) {
                    throw new BankDataException(label + " line " + (n + 1) + ": " + e.getMessage());
                }
            }
        }
        return new BankStore.Contents(table, state);
    }

    private static String checksum(String payload) {
        CRC32 crc = new CRC32();
        crc.update(payload.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
