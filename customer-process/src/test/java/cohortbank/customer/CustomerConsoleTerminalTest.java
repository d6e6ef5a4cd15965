package cohortbank.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.testing.HelpChecks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the customer's console offers a person at a terminal: a help that fits, and member names. */
@Timeout(60)
class CustomerConsoleTerminalTest {

    @Test
    void everyHelpLineFitsEightyColumns() {
        HelpChecks.assertHelpFitsEightyColumns(CustomerConsole.COMMANDS);
    }

    @Test
    void tabAfterTransferOffersTheOtherMembersOfTheCohort(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer alice = cluster.customer("alice");
            Cluster.Customer bob = cluster.customer("bob");
            Cluster.Customer carol = cluster.customer("carol");
            assertEquals(List.of(), alice.process.query(CustomerMain::otherMembers), "no account, no cohort");
            alice.result("open alice 100");
            bob.result("open bob 100");
            carol.result("open carol 100");
            assertEquals(List.of(), alice.process.query(CustomerMain::otherMembers), "no cohort yet");

            assertTrue(alice.result("new-cohort alice 3").startsWith("SUCCESS cohort"));

            assertEquals(List.of("bob", "carol"), alice.process.query(CustomerMain::otherMembers).stream().sorted().toList());
            assertTrue(Cluster.eventually(() -> carol.process.query(CustomerMain::otherMembers).size() == 2));
            assertEquals(List.of("alice", "bob"), carol.process.query(CustomerMain::otherMembers).stream().sorted().toList());
        }
    }
}
