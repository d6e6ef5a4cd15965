package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.wire.Reply;
import cohortbank.customer.sim.SimCluster;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §7: a transfer sent before its sender's checkpoint but received after its
 * receiver's is lost when the receiver rolls back; the sender must send it again.
 */
class RollbackLostTransferTest {

    @Test
    void aTransferUndoneByTheReceiversRollbackIsSentAgain() {
        SimCluster c = SimCluster.cohort(3, 100, "alice", "bob");
        assertTrue(c.command("alice", "checkpoint").success());

        // bob's transfer is held up on the way while bob checkpoints its sending.
        c.network.block(c.handle("bob").port2, c.handle("alice").port2);
        Reply sent = c.command("bob", "transfer 20 alice");
        assertTrue(sent.text().contains("pending"), sent.toString());
        assertTrue(c.command("bob", "checkpoint").success());
        c.network.heal();
        c.runFor(5000);
        assertEquals(12000, c.balanceCents("alice"), "received after alice's checkpoint");

        Reply rolled = c.command("alice", "rollback");
        assertTrue(rolled.success(), rolled.toString());
        assertTrue(rolled.text().endsWith(": alice"), "bob holds no orphan: " + rolled);

        c.quiesce();
        assertEquals(12000, c.balanceCents("alice"), "bob sent it again after alice's rollback");
        assertEquals(8000, c.balanceCents("bob"));
        c.assertInvariants(true);
    }
}
