package cohortbank.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import cohortbank.common.net.Endpoint;
import cohortbank.common.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customer as a real process with piped stdin: Ctrl-C (SIGINT) ends it cleanly, with its
 * live account saved, even while a command waits; a state directory that cannot be written
 * stops it at once with one FAILURE line and exit status 3, and a restart recovers.
 */
@Timeout(90)
@Tag("slow")
class CtrlCAndDiskFailureProcessTest {

    /**
     * Whether this test run ignores SIGINT, as a job started with {@code &} from a script does.
     * A child inherits that, and a JVM that starts with SIGINT ignored keeps it ignored, so no
     * Ctrl-C can reach the customer: the Ctrl-C tests would test the shell, not the customer.
     */
    static boolean sigintIgnoredHere() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0; // SIGINT is 2
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // no /proc: nothing known, run the test
        }
        return false;
    }

    private static void assumeCtrlCReachesAChild() {
        assumeFalse(sigintIgnoredHere(), "SIGINT is ignored by this test run (started in the background by a script),"
                + " and so by any child it starts: a Ctrl-C test cannot run here; run the build in the foreground");
    }

    private static List<String> args(Cluster cluster, List<Endpoint> ports, Path state, String... more) {
        List<String> args = new ArrayList<>(List.of("--bank", cluster.bankEndpoint().toString(),
                "--port1", Integer.toString(ports.get(0).port()), "--port2", Integer.toString(ports.get(1).port()),
                "--state-dir", state.toString(), "--seed", "42"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void ctrlCWhileACommandWaitsStopsTheWaitAndLeavesCleanlyWithTheLiveStateSaved(@TempDir Path dir) throws Exception {
        assumeCtrlCReachesAChild();
        try (Cluster cluster = new Cluster(dir)) {
            List<Endpoint> ports = FreePorts.endpoints(2);
            Path state = dir.resolve("alice-state");
            try (ChildCustomer alice = new ChildCustomer(dir, args(cluster, ports, state))) {
                alice.result();
                assertTrue(alice.run("open alice 100").startsWith("SUCCESS"));
                assertEquals("SUCCESS deposited 7.25; balance 107.25", alice.run("deposit 7.25"));
                cluster.bank().close(); // the next request to the bank waits for an answer that never comes
                alice.send("new-cohort alice 2");
                Thread.sleep(500);

                alice.signal("INT");

                assertTrue(alice.result().startsWith("FAILURE new-cohort: stopped waiting (Ctrl-C)"));
                assertEquals(0, alice.exitCode(), "Ctrl-C on a pipe is a clean end: " + alice.stderrText());
            }
            assertTrue(Files.exists(state.resolve("live")), "the live account was saved, as by quit");
            try (ChildCustomer again = new ChildCustomer(dir, args(cluster, ports, state, "--name", "alice"))) {
                again.result();
                assertEquals("EVENT resumed alice after a clean quit: balance 107.25", again.next("EVENT"));
                again.endInput();
                assertEquals(0, again.exitCode());
            }
        }
    }

    @Test
    void ctrlCAtAnIdlePipeLeavesCleanly(@TempDir Path dir) throws Exception {
        assumeCtrlCReachesAChild();
        try (Cluster cluster = new Cluster(dir)) {
            Path state = dir.resolve("bob-state");
            try (ChildCustomer bob = new ChildCustomer(dir, args(cluster, FreePorts.endpoints(2), state))) {
                bob.result();
                assertTrue(bob.run("open bob 50").startsWith("SUCCESS"));
                bob.signal("INT");
                assertEquals(0, bob.exitCode(), bob.stderrText());
            }
            assertTrue(Files.exists(state.resolve("live")));
        }
    }

    @Test
    void aStateDirectoryThatCannotBeWrittenStopsTheProcessAtOnceAndARestartRecovers(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            List<Endpoint> ports = FreePorts.endpoints(2);
            Path state = dir.resolve("carol-state");
            Path aside = dir.resolve("carol-state-aside");
            try (ChildCustomer carol = new ChildCustomer(dir, args(cluster, ports, state))) {
                carol.result();
                assertTrue(carol.run("open carol 100").startsWith("SUCCESS"));
                Files.move(state, aside);
                Files.writeString(state, "not a directory"); // every write into it now fails, even as root

                String stopped = carol.run("checkpoint");

                assertTrue(stopped.startsWith("FAILURE stopped: cannot write state file '"), stopped);
                assertTrue(stopped.contains(state.toString()), stopped);
                assertEquals(3, carol.exitCode(), carol.stderrText());
            }
            assertFalse(Files.exists(aside.resolve("live")), "no clean-quit save after a failed write");
            Files.delete(state);
            Files.move(aside, state);
            try (ChildCustomer again = new ChildCustomer(dir, args(cluster, ports, state, "--name", "carol"))) {
                again.result();
                assertTrue(again.next("EVENT").startsWith("EVENT restarted carol from checkpoint"), "recovers as from a crash");
                assertEquals("SUCCESS balance 100.00", again.run("balance"));
                again.endInput();
                assertEquals(0, again.exitCode());
            }
        }
    }
}
