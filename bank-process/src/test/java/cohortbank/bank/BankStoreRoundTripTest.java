package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Whatever table and sidecar state the bank can hold is written and read back equal: names of
 * every legal shape, balances from 0 to {@link Money#MAX_CENTS}, any ports, cohorts (each of at
 * least two members), exited customers, reports and unfinished operations. Seeded: a failure
 * names its seed and replays.
 */
class BankStoreRoundTripTest {

    static final String NAME_FIRST = "ABCXYZabcxyz";
    static final String NAME_REST = "ABZaz09_-";

    @Test
    void everyTableAndStateThatCanExistIsReadBackEqual() throws Exception {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            RecordingStorage disk = new RecordingStorage();
            BankStore store = disk.store();
            BankTable table = table(random);
            BankState state = state(random, table);
            store.saveTable(table);
            store.saveState(state);
            BankStore.Contents back = store.load();
            assertEquals(table, back.table(), "seed " + seed + ": data.csv");
            assertEquals(state, back.state(), "seed " + seed + ": sidecar");
        }
    }

    @Test
    void aBadSidecarNamesItsFileAndLine() throws Exception {
        RecordingStorage disk = new RecordingStorage();
        for (String bad : List.of("last-cohort-id 1\nreport alice 2 -1.00\n", "last-cohort-id x\n",
                "last-cohort-id 1\nintent forming 2 alice\n", "last-cohort-id 1\nintent merging 2 a b\n",
                "last-cohort-id 1\nreport alice 0 1.00\n", "report alice 1 1.00\n", "last-cohort-id 1\nhello\n",
                "last-cohort-id 1\nreport al ice 1 1.00\n", "last-cohort-id 1\nreport alice 1 1.00\nreport alice 2 1.00\n")) {
            disk.disk.write("data.csv.state", bad.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            BankDataException e = assertThrows(BankDataException.class, () -> disk.store().load(), bad);
            assertTrue(e.getMessage().startsWith("data.csv.state"), e.getMessage());
        }
    }

    private static BankTable table(Random random) {
        int size = random.nextInt(12);
        List<CustomerRecord> rows = new ArrayList<>();
        int port = 1024 + random.nextInt(1000);
        int cohort = 0;
        for (int i = 0; i < size; i++) {
            boolean exited = random.nextInt(5) == 0;
            rows.add(new CustomerRecord(name(random, i), balance(random), "127.0." + random.nextInt(256) + "."
                    + random.nextInt(256), port, port + 1 + random.nextInt(20), CustomerRecord.NO_COHORT, exited));
            port += 30;
        }
        // Cohorts of two or more active customers, with any positive id.
        List<CustomerRecord> active = new ArrayList<>(rows.stream().filter(CustomerRecord::active).toList());
        while (active.size() >= 2 && random.nextBoolean()) {
            cohort += 1 + random.nextInt(random.nextBoolean() ? 3 : 999_999_990 - cohort);
            int members = 2 + random.nextInt(active.size() - 1);
            for (int m = 0; m < members; m++) {
                CustomerRecord r = active.remove(0);
                rows.set(rows.indexOf(r), r.withCohort(cohort));
            }
        }
        return BankTable.of(rows);
    }

    private static BankState state(Random random, BankTable table) {
        TreeMap<String, BankState.Report> reports = new TreeMap<>();
        for (CustomerRecord r : table.customers()) {
            if (random.nextBoolean()) {
                long seq = 1 + (random.nextBoolean() ? random.nextInt(100) : random.nextLong() & Long.MAX_VALUE);
                // Only an exited customer may hold a report its row does not show (load applies the rest).
                reports.put(r.name(), new BankState.Report(Math.max(1, seq), r.exited() ? balance(random) : r.balance()));
            }
        }
        List<BankState.Intent> intents = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            List<String> members = new ArrayList<>();
            for (int m = 2 + random.nextInt(4); m > 0; m--) {
                members.add(name(random, 100 + intents.size() * 10 + m));
            }
            intents.add(new BankState.Intent(random.nextBoolean() ? BankState.Kind.FORMING : BankState.Kind.DELETING,
                    1 + random.nextInt(Integer.MAX_VALUE - 1), members));
        }
        int lastId = Math.max(table.largestCohortId(), random.nextInt(Integer.MAX_VALUE));
        return new BankState(lastId, reports, intents);
    }

    /** A legal name, distinct per {@code i}: a drawn prefix and the index. */
    private static String name(Random random, int i) {
        StringBuilder b = new StringBuilder().append(NAME_FIRST.charAt(random.nextInt(NAME_FIRST.length())));
        for (int k = random.nextInt(20); k > 0; k--) {
            b.append(NAME_REST.charAt(random.nextInt(NAME_REST.length())));
        }
        return b.append('x').append(i).toString();
    }

    private static Money balance(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Money.ZERO;
            case 1 -> Money.ofCents(Money.MAX_CENTS);
            case 2 -> Money.ofCents(random.nextInt(100_000));
            default -> Money.ofCents((random.nextLong() & Long.MAX_VALUE) % (Money.MAX_CENTS + 1));
        };
    }
}
