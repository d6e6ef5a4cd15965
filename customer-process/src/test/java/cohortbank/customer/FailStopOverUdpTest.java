package cohortbank.customer;

import static cohortbank.customer.Cluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.sim.MemoryStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable write that fails (disk full, I/O error) stops the customer at once, on whichever
 * path the write was on: a command typed by the user, or a datagram from a peer. Nothing the
 * node did after the failed write reaches anyone, and its memory never runs ahead of its disk.
 */
@Timeout(60)
@Tag("slow")
class FailStopOverUdpTest {

    /** alice and bob open their accounts and form a cohort of two, confirmed at both (no write left to come). */
    private static void formCohort(Cluster.Customer alice, Cluster.Customer bob) {
        assertTrue(alice.result("open alice 100").startsWith("SUCCESS"));
        assertTrue(bob.result("open bob 100").startsWith("SUCCESS"));
        assertTrue(alice.result("new-cohort alice 2").startsWith("SUCCESS"));
        assertTrue(eventually(() -> bob.sawEvent("confirmed by the bank") && alice.sawEvent("confirmed by the bank")));
    }

    @Test
    void aFailedWriteInACommandStopsTheProcessWithAClearFailure(@TempDir Path dir) throws Exception {
        MemoryStorage bobDisk = new MemoryStorage();
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer alice = cluster.customer("alice");
            Cluster.Customer bob = cluster.customer("bob", bobDisk);
            formCohort(alice, bob);

            bobDisk.setFailing(true);
            String failed = bob.result("transfer 5 alice");

            assertTrue(failed.startsWith("FAILURE transfer: stopped: cannot write state file 'checkpoints'"), failed);
            assertTrue(bob.process.stopped());
            assertTrue(bob.result("balance").startsWith("FAILURE"), "a stopped process serves nothing more");
            assertEquals("SUCCESS balance 100.00", alice.result("balance"), "the transfer never left");
        }
    }

    @Test
    void aFailedWriteOnAPeersRequestStopsTheProcessInsteadOfBeingLogged(@TempDir Path dir) throws Exception {
        MemoryStorage bobDisk = new MemoryStorage();
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer alice = cluster.customer("alice");
            Cluster.Customer bob = cluster.customer("bob", bobDisk);
            formCohort(alice, bob);
            assertTrue(bob.result("transfer 10 alice").contains("delivered"));

            bobDisk.setFailing(true); // bob's tentative checkpoint cannot be written
            String checkpoint = alice.result("checkpoint");

            assertTrue(eventually(bob.process::stopped), "bob stopped at the failed write");
            assertFalse(checkpoint.contains("alice, bob"), "bob never voted yes: " + checkpoint);
        }
    }
}
