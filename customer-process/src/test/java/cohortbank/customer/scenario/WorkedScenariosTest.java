package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.customer.command.Result;
import cohortbank.customer.sim.SimCluster;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The four worked scenarios of DESIGN §9: exactly who checkpoints or rolls back, and every balance. */
class WorkedScenariosTest {

    private static SimCluster abc() {
        return SimCluster.cohort(9, 100, "alice", "bob", "carol");
    }

    private static String instanceOf(Result result) {
        return ((Result.Committed) result).instance();
    }

    /** Who took part in the committed instance of {@code result}, in the order the answer names them. */
    private static List<String> tookPart(Result result) {
        assertTrue(result instanceof Result.Committed, result.line());
        return ((Result.Committed) result).participants();
    }

    @Test
    void aCheckpointByTheReceiverTakesOnlyTheSenderAlong() {
        SimCluster c = abc();
        assertTrue(c.command("bob", "transfer 10 alice").success());

        Result r = c.command("alice", "checkpoint");

        assertTrue(r.success(), r.toString());
        assertEquals(List.of("alice", "bob"), tookPart(r));
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

        Result r = c.command("alice", "checkpoint");

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

        Result r = c.command("alice", "rollback");

        assertTrue(r.success(), r.toString());
        assertEquals(List.of("alice", "bob"), tookPart(r));
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

        Result r = c.command("alice", "rollback");

        assertTrue(r.success(), r.toString());
        assertEquals(List.of("alice"), tookPart(r), "only alice restores");
        assertEquals(whole, c.totalCents(), "the total is whole again");
        c.quiesce();
        c.assertInvariants(true);
    }
}
