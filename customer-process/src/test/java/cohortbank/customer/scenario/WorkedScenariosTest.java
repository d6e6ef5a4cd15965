package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.wire.Reply;
import cohortbank.customer.sim.SimCluster;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The four worked scenarios of DESIGN §9: exactly who checkpoints or rolls back, and every balance. */
class WorkedScenariosTest {

    private static SimCluster abc() {
        return SimCluster.cohort(9, 100, "alice", "bob", "carol");
    }

    private static String instanceOf(Reply reply) {
        // "checkpoint alice:7: alice, bob" -> "alice:7"
        String[] words = reply.text().split(" ");
        return words[1].substring(0, words[1].length() - 1);
    }

    @Test
    void aCheckpointByTheReceiverTakesOnlyTheSenderAlong() {
        SimCluster c = abc();
        assertTrue(c.command("bob", "transfer 10 alice").success());

        Reply r = c.command("alice", "checkpoint");

        assertTrue(r.success(), r.toString());
        assertTrue(r.text().endsWith(": alice, bob"), r.toString());
        c.quiesce(); // the decision travels down the tree after the initiator answers
        assertEquals(Set.of("alice", "bob"), c.checkpointedIn(instanceOf(r)));
        assertEquals(11000, c.balanceCents("alice"));
        assertEquals(9000, c.balanceCents("bob"));
        assertEquals(10000, c.balanceCents("carol"));
        c.assertInvariants(true);
    }

    @Test
    void dependenciesAreFollowedTransitively() {
        SimCluster c = abc();
        assertTrue(c.command("carol", "transfer 5 bob").success());
        assertTrue(c.command("bob", "transfer 10 alice").success());

        Reply r = c.command("alice", "checkpoint");

        assertTrue(r.success(), r.toString());
        c.quiesce();
        assertEquals(Set.of("alice", "bob", "carol"), c.checkpointedIn(instanceOf(r)));
        c.assertInvariants(true);
    }

    @Test
    void aRollbackTakesTheHolderOfAnOrphanAlongAndNobodyElse() {
        SimCluster c = abc();
        assertTrue(c.command("alice", "transfer 20 bob").success());
        assertEquals(12000, c.balanceCents("bob"));

        Reply r = c.command("alice", "rollback");

        assertTrue(r.success(), r.toString());
        assertTrue(r.text().endsWith(": alice, bob"), r.toString());
        c.quiesce();
        assertEquals(10000, c.balanceCents("alice"));
        assertEquals(10000, c.balanceCents("bob"));
        assertEquals(10000, c.balanceCents("carol"));
        assertTrue(c.handle("carol").events().stream().noneMatch(e -> e.startsWith("rolled back")));
        assertTrue(c.handle("bob").events().stream().anyMatch(e -> e.startsWith("rolled back")));
        c.quiesce();
        c.assertInvariants(true);
    }

    @Test
    void aLostTransferComesBackOnlyWhenItsSenderRollsBack() {
        SimCluster c = abc();
        assertTrue(c.command("bob", "transfer 1 alice").success());
        assertTrue(c.command("carol", "transfer 1 alice").success());
        assertTrue(c.command("alice", "checkpoint").success()); // checkpoints everyone
        long whole = c.totalCents();

        assertTrue(c.command("alice", "lost-transfer 30 bob").success());
        c.quiesce();
        assertEquals(whole - 3000, c.totalCents(), "the total is 30 short");

        Reply r = c.command("alice", "rollback");

        assertTrue(r.success(), r.toString());
        assertTrue(r.text().endsWith(": alice"), "only alice restores: " + r);
        assertEquals(whole, c.totalCents(), "the total is whole again");
        c.quiesce();
        c.assertInvariants(true);
    }
}
