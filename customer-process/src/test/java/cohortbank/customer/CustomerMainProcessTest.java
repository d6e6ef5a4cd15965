package cohortbank.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Endpoint;
import cohortbank.common.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customer as a real process: {@link CustomerMain} in a child JVM with piped stdin,
 * against a real bank in this JVM. A clean {@code quit} exits 0, and a restart with the
 * customer's name and state directory resumes with the same balance.
 */
@Timeout(60)
@Tag("slow")
class CustomerMainProcessTest {

    @Test
    void quitExitsZeroAndARestartWithTheNameResumesTheSameBalance(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            List<Endpoint> ports = FreePorts.endpoints(2);
            Path state = dir.resolve("alice-state");
            List<String> args = List.of("--bank", cluster.bankEndpoint().toString(),
                    "--port1", Integer.toString(ports.get(0).port()), "--port2", Integer.toString(ports.get(1).port()),
                    "--state-dir", state.toString(), "--seed", "42");
            String listening = "SUCCESS customer listening on " + ports.get(0) + " (bank) and " + ports.get(1) + " (peers)";

            try (ChildCustomer first = new ChildCustomer(dir, args)) {
                assertEquals(listening, first.result());
                assertTrue(first.run("open alice 100").startsWith("SUCCESS opened alice balance 100.00"));
                assertEquals("SUCCESS deposited 5.50; balance 105.50", first.run("deposit 5.50"));
                assertTrue(first.run("withdrawal 1000").startsWith("FAILURE withdrawal: balance 105.50"));
                assertTrue(first.run("nonsense").startsWith("FAILURE unknown command 'nonsense'"));
                assertEquals("SUCCESS balance 105.50", first.run("balance"));
                assertEquals("SUCCESS bye", first.run("quit"));
                assertEquals(0, first.exitCode(), first.stderrText());
            }
            assertTrue(Files.exists(state.resolve("live")), "a clean quit saves the live account");
            assertTrue(Files.exists(dir.resolve("logs").resolve("customer-" + ports.get(0).port() + ".log")),
                    "the log goes to logs/customer-<port1>.log under the working directory");

            List<String> restartArgs = new java.util.ArrayList<>(args);
            restartArgs.addAll(List.of("--name", "alice"));
            try (ChildCustomer second = new ChildCustomer(dir, restartArgs)) {
                assertEquals(listening, second.result());
                assertEquals("EVENT resumed alice after a clean quit: balance 105.50", second.next("EVENT"));
                assertEquals("SUCCESS balance 105.50", second.run("balance"));
                assertTrue(second.run("history").startsWith("SUCCESS 1 history entry; balance 105.50"));
                second.endInput(); // end of input is a quit too
                assertEquals(0, second.exitCode(), second.stderrText());
            }
        }
    }

    @Test
    void missingPortWithPipedStdinIsOneFailureLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        try (ChildCustomer child = new ChildCustomer(dir, List.of("--bank", "127.0.0.1:8500", "--port2", "8502"))) {
            assertEquals(2, child.exitCode());
            List<String> err = child.stderrText().lines().toList();
            assertEquals(1, err.size(), err.toString());
            assertTrue(err.get(0).startsWith("FAILURE missing --port1 ("), err.get(0));
        }
    }
}
