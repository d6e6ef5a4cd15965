package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.customer.command.Result;
import cohortbank.customer.sim.SimCluster;
import java.util.List;
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
        Result sent = c.command("bob", "transfer 20 alice");
        assertEquals(Result.Delivery.PENDING, ((Result.Sent) sent).delivery(), sent.line());
        assertTrue(c.command("bob", "checkpoint").success());
        c.network.heal();
        c.runFor(5000);
        assertEquals(12000, c.balanceCents("alice"), "received after alice's checkpoint");

        Result rolled = c.command("alice", "rollback");
        assertTrue(rolled.success(), rolled.toString());
        assertEquals(List.of("alice"), ((Result.Committed) rolled).participants(), "bob holds no orphan");

        c.quiesce();
        assertEquals(12000, c.balanceCents("alice"), "bob sent it again after alice's rollback");
        assertEquals(8000, c.balanceCents("bob"));
        c.assertInvariants(true);
    }
}
