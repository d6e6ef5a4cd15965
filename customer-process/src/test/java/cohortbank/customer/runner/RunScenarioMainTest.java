package cohortbank.customer.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's command line on real processes: what a passing run leaves, how a failed
 * expectation is reported, and that no process outlives a run.
 */
@Tag("slow")
class RunScenarioMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return RunScenarioMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path scenario(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name + ".scn"), String.join("\n", lines) + "\n");
    }

    private static long children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
    }

    @Test
    void aPassingRunLeavesEachProcessesFilesAndExitsZero() throws IOException {
        Path file = scenario("pair", "start bank", "start alice", "alice> open alice 40",
                "alice> deposit 2.50", "check balance alice 42.50", "bank> total => /total 40.00/");
        Path runDir = dir.resolve("run");
        assertEquals(0, run("--run-dir", runDir.toString(), file.toString()), out::toString);
        for (String name : new String[] {"bank.console", "bank.log", "alice.console", "alice.log", "data.csv"}) {
            assertTrue(Files.exists(runDir.resolve(name)), name + " missing from " + runDir);
        }
        assertTrue(Files.isDirectory(runDir.resolve("state").resolve("alice")));
        assertTrue(Files.readString(runDir.resolve("alice.console")).contains("> deposit 2.50"));
        assertTrue(out.toString().contains("PASSED pair"), out.toString());
        assertEquals(0, children(), "a process outlived the run");
    }

    @Test
    void aFailedExpectationNamesTheLineWhatWasExpectedAndWhatCameAndStopsEveryProcess() throws IOException {
        Path file = scenario("short", "start bank", "start alice", "alice> open alice 40",
                "# the balance does not cover this", "alice> transfer 50 bob", "alice> balance");
        assertEquals(1, run("--run-dir", dir.resolve("run").toString(), file.toString()));
        String report = out.toString();
        assertTrue(report.contains(file + ":5: failed: alice> transfer 50 bob"), report);
        assertTrue(report.contains("expected: a SUCCESS line"), report);
        assertTrue(report.contains("got:      FAILURE"), report);
        assertTrue(report.contains("last lines of alice"), report);
        assertTrue(report.contains("| > transfer 50 bob"), report);
        assertTrue(report.contains("FAILED short"), report);
        assertEquals(0, children(), "a process outlived the failed run");
    }

    @Test
    void aScenarioThatDoesNotParseRunsNothingAndExitsTwo() throws IOException {
        Path good = scenario("good", "start bank");
        Path bad = scenario("bad", "start bank", "alice> balance => MAYBE");
        assertEquals(2, run("--run-dir", dir.resolve("run").toString(), good.toString(), bad.toString()));
        assertTrue(err.toString().contains(bad + ":2: unknown expectation 'MAYBE'"), err.toString());
        assertEquals("", out.toString(), "nothing should have run");
    }

    @Test
    void aMissingFileIsNamedAndNothingRuns() {
        Path missing = dir.resolve("nowhere.scn");
        assertEquals(2, run("--run-dir", dir.resolve("run").toString(), missing.toString()));
        assertEquals("FAILURE no scenario file " + missing, err.toString().strip());
        assertEquals("", out.toString());
    }

    @Test
    void anAwaitThatNeverMatchesGivesUpAtItsBound() throws IOException {
        Path file = scenario("wait", "start bank", "start alice", "await alice /never printed/ within 0.5");
        assertEquals(1, run("--run-dir", dir.resolve("run").toString(), file.toString()));
        assertTrue(out.toString().contains("expected: an EVENT from alice matching /never printed/ within 0.5 s"),
                out.toString());
    }
}
