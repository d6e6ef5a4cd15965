package cohortbank.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.testing.FreePorts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Command-line problems end the customer before it binds anything: one {@code FAILURE} line
 * on stderr naming the problem, nothing on stdout, exit code 2 (1 when a port is taken).
 */
@Timeout(30)
class CustomerMainOptionsTest {

    /** Exit code, stdout and stderr of one in-process run with piped (non-terminal) stdin. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CustomerMain.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneFailure(Run run, int code, String start) {
        assertEquals(code, run.code(), run.err());
        assertEquals("", run.out());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith(start), "expected '" + start + "...', got '" + lines.get(0) + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no options at all             | '' | FAILURE missing --bank, --port1, --port2 (",
            "missing port1                 | --bank 127.0.0.1:8500 --port2 8502 | FAILURE missing --port1 (",
            "missing bank                  | --port1 8501 --port2 8502 | FAILURE missing --bank (",
            "bad host                      | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --host 1.2.3 | FAILURE bad option --host '1.2.3'",
            "host name instead of IPv4     | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --host localhost | FAILURE bad option --host 'localhost'",
            "bad bank address              | --bank 127.0.0.1 --port1 8501 --port2 8502 | FAILURE bad option --bank '127.0.0.1'",
            "bank port out of range        | --bank 127.0.0.1:99999 --port1 8501 --port2 8502 | FAILURE bad option --bank",
            "port1 below range             | --bank 127.0.0.1:8500 --port1 80 --port2 8502 | FAILURE bad option --port1 80",
            "port2 above range             | --bank 127.0.0.1:8500 --port1 8501 --port2 65536 | FAILURE bad option --port2 65536",
            "port not a number             | --bank 127.0.0.1:8500 --port1 abc --port2 8502 | FAILURE bad option:",
            "equal ports                   | --bank 127.0.0.1:8500 --port1 8501 --port2 8501 | FAILURE bad options: --port1 and --port2 must differ",
            "unknown option                | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --colour red | FAILURE bad option: Unknown option",
            "bad name                      | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --name 9lives | FAILURE bad option --name '9lives'",
            "bad seed                      | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --seed x | FAILURE bad option:",
            "drop above one                | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --drop 1.5 | FAILURE bad option --drop '1.5'",
            "drop not a number             | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --drop NaN | FAILURE bad option --drop 'NaN'",
            "negative duplicate            | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --duplicate -0.1 | FAILURE bad option --duplicate '-0.1'",
            "reorder with exponent         | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --reorder 1e-1 | FAILURE bad option --reorder '1e-1'",
            "delay range backwards         | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --delay 40-5 | FAILURE bad option --delay '40-5'",
            "delay not milliseconds        | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --delay 5s | FAILURE bad option --delay '5s'",
            "fault seed not a number       | --bank 127.0.0.1:8500 --port1 8501 --port2 8502 --fault-seed x | FAILURE bad option: Invalid value for option '--fault-seed'"})
    void badOptionsAreOneFailureLineAndExitCodeTwo(String what, String args, String expected) {
        String[] split = args.isBlank() ? new String[0] : args.strip().split(" +");
        assertOneFailure(run(split), 2, expected);
    }

    /**
     * Two processes on one state directory would both act as its account (each spending its
     * balance, both giving the same labels): while one holds it, a second does not start.
     */
    @Test
    void aStateDirectoryInUseByAnotherProcessIsOneFailureLineAndExitCodeOne(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state").resolve("alice");
        try (cohortbank.common.store.StateDirectoryLock held = cohortbank.common.store.StateDirectoryLock.acquire(state)) {
            assertOneFailure(run("--bank", "127.0.0.1:8500", "--port1", "8501", "--port2", "8502",
                    "--log", dir.resolve("c.log").toString(), "--state-dir", state.toString()), 1,
                    "FAILURE cannot start: state directory " + state + " is in use by another process");
        }
    }

    @Test
    void aStateDirectoryThatCannotBeCreatedIsOneFailureLineAndExitCodeOne(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        assertOneFailure(run("--bank", "127.0.0.1:8500", "--port1", "8501", "--port2", "8502",
                "--log", dir.resolve("c.log").toString(), "--state-dir", file.resolve("alice").toString()), 1,
                "FAILURE cannot start: cannot use the state directory " + file.resolve("alice"));
    }

    @Test
    void aTraceFileThatCannotBeWrittenIsOneFailureLineAndExitCodeOne(@TempDir Path dir) {
        assertOneFailure(run("--bank", "127.0.0.1:8500", "--port1", "8501", "--port2", "8502",
                "--log", dir.resolve("c.log").toString(), "--trace", dir.toString()),
                1, "FAILURE cannot start: cannot write the trace " + dir);
    }

    @Test
    void aPortAlreadyTakenIsOneFailureLineAndExitCodeOne(@TempDir Path dir) throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(FreePorts.LOOPBACK, 0))) {
            int free = FreePorts.endpoint().port();
            assertOneFailure(run("--bank", "127.0.0.1:8500", "--port1", Integer.toString(taken.getLocalPort()),
                    "--port2", Integer.toString(free), "--log", dir.resolve("c.log").toString()),
                    1, "FAILURE cannot start: cannot listen on UDP 127.0.0.1:" + taken.getLocalPort());
        }
    }
}
