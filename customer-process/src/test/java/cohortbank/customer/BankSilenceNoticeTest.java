package cohortbank.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.wire.Reply;
import cohortbank.customer.node.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that needs the bank says early when the bank is silent, instead of waiting its
 * whole budget without a word; a bank that answers causes no such line.
 */
@Timeout(60)
@Tag("slow")
class BankSilenceNoticeTest {

    private static final String NOT_ANSWERING = "is not answering yet; still trying";

    @Test
    void openWithNoBankSaysWithinTwoSecondsThatTheBankIsNotAnsweringAndKeepsTrying(@TempDir Path dir)
            throws Exception {
        assertTrue(NodeConfig.DEFAULTS.bankSilenceNoticeMillis() <= 2_000);
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer alice = cluster.customer("alice");
            cluster.bank().close(); // the bank is gone: nothing will answer on its port

            // The wait is cut at 3 s, well before the node's own budget: the notice came before it.
            Reply reply = alice.process.command(List.of("open", "alice", "100"), 3_000);

            assertTrue(reply.line().startsWith("FAILURE open: no answer within 3000 ms"), reply.line());
            assertEquals(List.of("EVENT the bank at " + cluster.bankEndpoint() + " " + NOT_ANSWERING),
                    alice.events());
        }
    }

    @Test
    void aBankThatAnswersCausesNoNotice(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer alice = cluster.customer("alice");
            Cluster.Customer bob = cluster.customer("bob");

            assertTrue(alice.result("open alice 100").startsWith("SUCCESS opened alice"));
            assertTrue(bob.result("open bob 100").startsWith("SUCCESS opened bob"));
            assertTrue(alice.result("new-cohort alice 2").startsWith("SUCCESS cohort"));

            assertFalse(alice.sawEvent(NOT_ANSWERING), alice.events().toString());
            assertFalse(bob.sawEvent(NOT_ANSWERING), bob.events().toString());
        }
    }
}
