package cohortbank.customer.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line of scripts/simulate: its summary line, its replay line and its bad options. */
class SimulateMainTest {

    private record Outcome(int code, List<String> out, List<String> err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimulateMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8).lines().toList(),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void severalSeedsEndWithExactlyOneSummaryLine() {
        Outcome o = run("--seeds", "3", "--steps", "10");
        assertEquals(0, o.code(), o.toString());
        assertEquals(1, o.out().size(), o.toString());
        assertTrue(o.out().get(0).matches("seeds=3 violations=0 events=\\d+ seconds=\\d+\\.\\d"), o.out().get(0));
    }

    @Test
    void oneSeedPrintsItsTraceHashTheSameEachTime() {
        Outcome first = run("--seed", "17", "--steps", "20", "--customers", "4");
        Outcome again = run("--seed", "17", "--steps", "20", "--customers", "4");
        assertEquals(0, first.code(), first.toString());
        String hashLine = first.out().get(0);
        assertTrue(hashLine.matches("seed=17 customers=4 events=\\d+ faults: .* trace=[0-9a-f]{64}"), hashLine);
        assertEquals(hashLine, again.out().get(0));
        assertTrue(first.out().get(1).startsWith("seeds=1 violations=0 "), first.out().get(1));
    }

    @Test
    void traceDirWritesTheShivizLogAndTheDiagramOfThatRunAndChangesNothingInIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("c1.trace"), "an earlier run's trace, which must not be appended to\n");
        Outcome traced = run("--seed", "2", "--steps", "25", "--customers", "3", "--trace", dir.toString());
        Outcome plain = run("--seed", "2", "--steps", "25", "--customers", "3");
        assertEquals(0, traced.code(), traced.toString());
        assertEquals(List.of("trace: " + dir.resolve("shiviz.log") + " " + dir.resolve("spacetime.svg")),
                traced.out().subList(0, 1));
        assertEquals(plain.out().get(0), traced.out().get(1), "the same run, with the same trace hash");
        for (String host : List.of("bank", "c1", "c2", "c3")) {
            List<String> lines = Files.readAllLines(dir.resolve(host + ".trace"));
            assertTrue(lines.get(0).matches("2026-01-01T00:00:00(\\.\\d+)?Z " + host + " \\{.*\\} start"), lines.get(0));
        }
        List<String> shiviz = Files.readAllLines(dir.resolve("shiviz.log"));
        assertEquals(cohortbank.common.trace.TraceLine.SHIVIZ_REGEX, shiviz.get(0));
        assertTrue(shiviz.stream().anyMatch(l -> l.contains(" transfer-received ")), "money moved");
        assertTrue(shiviz.stream().anyMatch(l -> l.matches(".* drop of=\\S+ to=\\S+ why=\\w+")),
                "the network's drops are in the trace");
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("spacetime.svg").toFile());
        assertEquals("svg", svg.getDocumentElement().getTagName());
        assertTrue(Files.readString(dir.resolve("spacetime.svg")).contains("class=\"drop-mark\""));
    }

    @Test
    void seedsRunSideBySidePrintWhatTheyPrintOneAfterAnother() {
        Outcome alone = run("--seeds", "12", "--steps", "15", "--jobs", "1");
        Outcome together = run("--seeds", "12", "--steps", "15", "--jobs", "3");

        assertEquals(0, alone.code(), alone.toString());
        assertEquals(alone.code(), together.code());
        assertEquals(withoutSeconds(alone.out()), withoutSeconds(together.out()), "same lines, same order, same events");
    }

    /** The output with the summary's wall time cut off: the one figure that may differ. */
    private static List<String> withoutSeconds(List<String> out) {
        return out.stream().map(l -> l.replaceFirst(" seconds=\\S+$", "")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--seeds 0", "--seeds x", "--customers 2", "--customers 13", "--steps -1",
        "--seed 1 --seeds 2", "--trace", "--bogus", "--jobs 0", "--jobs 257", "--seed 1 --jobs 2"})
    void aBadOptionIsOneFailureLineNamingItAndExitTwo(String line) {
        Outcome o = run(line.split(" "));
        assertEquals(2, o.code(), o.toString());
        assertEquals(List.of(), o.out());
        assertEquals(1, o.err().size(), o.toString());
        String option = line.split(" ")[line.startsWith("--seed 1") ? 2 : 0];
        assertTrue(o.err().get(0).startsWith("FAILURE ") && o.err().get(0).contains(option), o.err().get(0));
    }
}
