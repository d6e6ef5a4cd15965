package cohortbank.customer.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The simulator's hostile runs with an attacker on the network as well: after every step it
 * replays datagrams it saw (to where they went or elsewhere), alters a character of one, and
 * forges bare and sealed transfers, instance messages, acknowledgements, bank notices and bank
 * requests. Every invariant holds after every event, and the cohort still settles.
 */
class AttackedSimulatorTest {

    static final int SEEDS = 300;

    @Tag("slow")
    @Test
    void threeHundredAttackedSeedsBreakNoInvariant() {
        Simulator.Settings settings = Simulator.Settings.standard(0, SimulatorTest.STEPS);
        List<String> failures = new ArrayList<>();
        long events = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            RunResult r = Simulator.runAttacked(seed, settings);
            events += r.events();
            if (!r.violations().isEmpty()) {
                failures.add("seed " + seed + ": " + r.violations().get(0));
            }
        }
        System.out.println("attacked seeds=" + SEEDS + " events=" + events + " violations=" + failures.size());
        assertEquals(List.of(), failures);
    }

    @Test
    void theAttackerReallyAttacks() {
        List<String> trace = new ArrayList<>();
        SimCluster c = SimCluster.cohort(3, 100, "alice", "bob", "carol");
        c.onTrace(trace::add);
        Attacker attacker = new Attacker(c, new java.util.Random(3));
        c.command("alice", "transfer 10 bob");
        for (int i = 0; i < 50; i++) {
            attacker.burst();
            c.runFor(50);
        }
        c.runFor(5_000);
        assertTrue(trace.stream().anyMatch(l -> l.startsWith("attacker replays")), trace.toString());
        assertTrue(trace.stream().anyMatch(l -> l.startsWith("attacker alters")));
        assertTrue(trace.stream().anyMatch(l -> l.startsWith("attacker forges a sealed")));
        assertEquals(30_000, c.totalCents(), "no money made or lost");
        assertEquals(9_000, c.balanceCents("alice"));
        assertEquals(11_000, c.balanceCents("bob"));
        c.assertInvariants(true);
    }
}
