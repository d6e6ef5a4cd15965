package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every table the bank can hold is written to data.csv and read back unchanged: balances up to
 * the one maximum (often exactly it), names of every allowed shape, any ports and cohort ids.
 * Seeded, so a failing seed replays.
 */
class DataCsvRoundTripTest {

    private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void everyTableRoundTrips(long seed, @TempDir Path dir) throws Exception {
        Random random = new Random(seed);
        CsvBankStore store = new CsvBankStore(dir.resolve("data.csv"));
        for (int round = 0; round < 10; round++) {
            List<CustomerRecord> records = new ArrayList<>();
            int count = random.nextInt(20);
            for (int i = 0; i < count; i++) {
                long cents = switch (random.nextInt(3)) {
                    case 0 -> Money.MAX_CENTS;
                    case 1 -> random.nextInt(1000);
                    default -> random.nextLong(Money.MAX_CENTS + 1);
                };
                int port1 = Endpoint.MIN_PORT + 2 * i;
                boolean exited = random.nextInt(4) == 0;
                // Customers 2k and 2k+1 share cohort k+1 when both are active: every cohort has two or more.
                boolean paired = i % 2 == 1 && !records.get(i - 1).exited() && random.nextBoolean();
                int cohort = CustomerRecord.NO_COHORT;
                if (paired) {
                    exited = false;
                    cohort = i / 2 + 1;
                    records.set(i - 1, records.get(i - 1).withCohort(cohort));
                }
                records.add(new CustomerRecord(name(random, i), Money.ofCents(cents), "127.0.0." + (1 + random.nextInt(254)),
                        port1, port1 + 1, cohort, exited));
            }
            BankTable table = BankTable.of(records);
            store.save(table);
            assertEquals(table.customers(), store.load().customers(), "seed " + seed);
        }
    }

    /** A valid, distinct name: a letter, then up to 31 letters, digits, '_' or '-'. */
    private static String name(Random random, int index) {
        StringBuilder s = new StringBuilder().append(NAME_CHARS.charAt(random.nextInt(52))).append(index).append('_');
        int length = random.nextInt(4) == 0 ? 31 - s.length() : random.nextInt(8);
        for (int i = 0; i < length; i++) {
            s.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return s.toString();
    }
}
