package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.customer.sim.CrashableStorage.When;
import cohortbank.customer.sim.SimCluster;
import org.junit.jupiter.api.Test;

/**
 * Two liveness bugs the simulator found (scripts/simulate seeds 4 and 10 before the fix), as
 * stories: every instance must end and every transfer arrive once the crashed restart.
 */
class RecoveryLivenessTest {

    /** Seed 4: customers restarted together refused each other's recovery rollback forever. */
    @Test
    void twoCustomersRestartedTogetherBothFinishRecovering() {
        SimCluster c = SimCluster.cohort(4, 100, "alice", "bob", "carol");
        assertTrue(c.command("bob", "transfer 10 alice").success());
        assertTrue(c.command("carol", "transfer 5 alice").success());
        c.kill("bob");
        c.kill("carol");
        c.restart("bob");
        c.restart("carol");

        c.quiesce();

        assertEquals("idle", c.node("bob").activity());
        assertEquals("idle", c.node("carol").activity());
        c.assertInvariants(true);
        assertEquals(30000, c.totalCents());
    }

    /**
     * Seed 10: bob promised to hold back alice's transfers for her rollback, which alice never
     * decided because she crashed; her later transfers must still reach bob.
     */
    @Test
    void aRollbackPromiseToAnInitiatorThatCrashedBeforeDecidingIsSettled() {
        SimCluster c = SimCluster.cohort(10, 100, "alice", "bob", "carol");
        assertTrue(c.command("carol", "transfer 5 bob").success());
        c.handle("alice").storage.crashAt("meta", "decision alice:", When.BEFORE);

        c.start("alice", "rollback");
        c.runFor(8000);
        assertFalse(c.handle("alice").alive(), "alice should have died before writing her decision");
        c.restart("alice");
        c.quiesce();
        assertTrue(c.command("alice", "transfer 7 bob").success());
        c.quiesce();

        assertEquals(11200, c.balanceCents("bob"), "bob got carol's 5 and alice's 7");
        assertEquals("idle", c.node("bob").activity());
        c.assertInvariants(true);
    }
}
