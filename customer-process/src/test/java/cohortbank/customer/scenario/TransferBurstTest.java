package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.customer.command.Result;
import cohortbank.customer.sim.SimCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transfers typed in quick succession (a pipe feeds a console this way) each cost one datagram
 * and its acknowledgement: a new transfer or an acknowledgement sends only what is not yet in
 * flight, and a full re-send happens only when the retransmit timer fires.
 */
class TransferBurstTest {

    @Test
    void aBurstOfTransfersOnAQuietNetworkSendsEachOnceAndAllAreDelivered() {
        SimCluster c = SimCluster.cohort(71, 1_000, "alice", "bob");
        // The first datagrams between two members also set up their authenticated link.
        assertTrue(c.command("alice", "transfer 1 bob").line().contains("delivered"));
        long before = c.network.sent();

        List<Result[]> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(c.start("alice", "transfer 1 bob"));
        }
        c.quiesce();

        for (Result[] a : answers) {
            assertTrue(a[0] != null && a[0].line().contains("delivered"), "answer: " + (a[0] == null ? "none" : a[0].line()));
        }
        long datagrams = c.network.sent() - before;
        assertTrue(datagrams <= 2 * 200 + 10, "200 transfers took " + datagrams + " datagrams, not one each and its acknowledgement");
        assertEquals(1_000_00 + 201 * 1_00, c.node("bob").balance().cents(), "bob holds every transfer once");
        c.assertInvariants(true);
    }
}
