package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The table's indexes always say what a walk of its rows would say, and a large table loads whole. */
class BankTableTest {

    @Test
    void indexesAgreeWithTheRowsThroughThousandsOfRandomChanges() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            BankTable table = BankTable.empty();
            Map<String, CustomerRecord> model = new LinkedHashMap<>();
            BankTable older = table;
            List<CustomerRecord> olderRows = List.of();
            for (int step = 0; step < 500; step++) {
                CustomerRecord r = randomRecord(random);
                table = table.with(r);
                model.put(r.name(), r);
                if (step == 250) {
                    older = table;
                    olderRows = List.copyOf(model.values());
                }
            }
            assertEquals(List.copyOf(model.values()), table.customers(), "seed " + seed + ": file order");
            assertEquals(olderRows, older.customers(), "seed " + seed + ": an old table is unchanged by later ones");
            assertIndexesMatchRows(table, "seed " + seed);
            assertIndexesMatchRows(older, "seed " + seed + ", older table");
        }
    }

    @Test
    void aLargeGeneratedTableLoadsWithEveryRowAndItsPortsIndexed() throws Exception {
        int size = 100_000;
        StringBuilder csv = new StringBuilder(String.join(",", CsvBankStore.HEADER)).append('\n');
        for (int i = 0; i < size; i++) {
            // 127.x.y.z, two ports each: no two active rows share an address and port.
            csv.append("c").append(i).append(",1.00,127.").append(i >> 16).append('.').append((i >> 8) & 255)
                    .append('.').append(i & 255).append(",2000,2001,,").append(i % 10 == 0 ? "exited" : "active")
                    .append('\n');
        }
        BankTable table = new CsvBankStore(Path.of("big.csv")).parse(csv.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(size, table.size());
        assertEquals(size - size / 10, table.activeCount());
        assertEquals(Money.ofCents(100L * (size - size / 10)), table.activeTotal());
        assertEquals("c12345", table.activeUsing("127.0.48.57", 2001, 3000).orElseThrow().name());
        assertTrue(table.activeUsing("127.0.0.10", 2000, 2001).isEmpty(), "an exited customer's ports are free");
        assertEquals("c99999", table.customers().get(size - 1).name());
    }

    private static CustomerRecord randomRecord(Random random) {
        int k = random.nextInt(60);
        String name = "n" + k;
        String ip = "10.0.0." + k % 3;
        // Ports of its own per name (the bank refuses a clash), moving between two pairs on re-opening.
        int port1 = 2000 + 4 * k + (random.nextBoolean() ? 0 : 2);
        int port2 = port1 + 1;
        boolean exited = random.nextInt(5) == 0;
        int cohort = exited || random.nextBoolean() ? CustomerRecord.NO_COHORT : 1 + random.nextInt(4);
        return new CustomerRecord(name, Money.ofCents(random.nextInt(100_000)), ip, port1, port2, cohort, exited);
    }

    /** Checks every index against a walk of the rows. */
    private static void assertIndexesMatchRows(BankTable table, String context) {
        long cents = 0;
        int active = 0;
        TreeMap<Integer, List<CustomerRecord>> cohorts = new TreeMap<>();
        for (CustomerRecord c : table.customers()) {
            Optional<CustomerRecord> atPort1 = table.activeUsing(c.ip(), c.port1(), c.port1());
            Optional<CustomerRecord> atPort2 = table.activeUsing(c.ip(), c.port2(), c.port2());
            if (c.active()) {
                active++;
                cents += c.balance().cents();
                assertEquals(Optional.of(c), atPort1, context);
                assertEquals(Optional.of(c), atPort2, context);
                assertEquals(Optional.of(c), table.activeAt(c.bankEndpoint()), context);
            } else {
                assertTrue(atPort1.isEmpty() && atPort2.isEmpty(), context + ": an exited customer's ports are free");
            }
            if (c.inCohort()) {
                cohorts.computeIfAbsent(c.cohort(), id -> new ArrayList<>()).add(c);
            }
        }
        cohorts.values().forEach(m -> m.sort(java.util.Comparator.comparing(CustomerRecord::name)));
        java.util.Set<CustomerRecord> free = new java.util.HashSet<>();
        for (int i = 0; i < table.freeCount(); i++) {
            assertTrue(free.add(table.freeAt(i)), context + ": a free customer is indexed once");
        }
        assertEquals(table.customers().stream().filter(CustomerRecord::free).collect(java.util.stream.Collectors.toSet()),
                free, context + ": the free index holds exactly the active customers in no cohort");
        assertEquals(active, table.activeCount(), context);
        assertEquals(Money.ofCents(cents), table.activeTotal(), context);
        assertEquals(cohorts, table.cohorts(), context);
    }
}
