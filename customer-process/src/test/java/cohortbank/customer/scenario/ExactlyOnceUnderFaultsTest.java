package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.LinkFaults;
import cohortbank.customer.account.HistoryEntry;
import cohortbank.customer.sim.SimCluster;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hundreds of transfers through heavy loss, duplication and reordering: each applied once, in order. */
class ExactlyOnceUnderFaultsTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void everyTransferArrivesExactlyOnceAndInSendingOrder(long seed) {
        Map<String, Long> balances = new LinkedHashMap<>();
        List<String> names = List.of("alice", "bob", "carol");
        names.forEach(n -> balances.put(n, 1000L));
        SimCluster c = SimCluster.cohort(seed, balances);
        c.network.setDefaultFaults(LinkFaults.lossy(0.3, 0.3, 0, 80));
        Random random = new Random(seed);

        int sent = 0;
        for (int i = 0; i < 300; i++) {
            String from = names.get(random.nextInt(3));
            String to = names.get((names.indexOf(from) + 1 + random.nextInt(2)) % 3);
            if (c.node(from).balance().cents() >= 500) {
                c.start(from, "transfer " + (1 + random.nextInt(5)) + " " + to);
                sent++;
            }
            c.runFor(random.nextInt(20));
        }
        c.quiesce();

        assertTrue(sent > 250, "workload too small: " + sent);
        c.assertInvariants(true);
        for (String n : names) {
            Map<String, Long> lastFrom = new HashMap<>();
            for (HistoryEntry h : c.node(n).accountView().history()) {
                if (h.kind() == HistoryEntry.Kind.RECEIVED) {
                    long previous = lastFrom.getOrDefault(h.counterparty(), 0L);
                    assertTrue(h.label() > previous, n + " received " + h.counterparty() + "'s label "
                            + h.label() + " after " + previous + " (seed " + seed + ")");
                    lastFrom.put(h.counterparty(), h.label());
                }
            }
        }
        assertEquals(300000, c.totalCents(), "seed " + seed);
    }
}
