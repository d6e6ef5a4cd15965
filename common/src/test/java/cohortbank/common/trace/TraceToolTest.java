package cohortbank.common.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A known run, written as trace files by hand: alice sends bob 10 and bob receives it, bob
 * checkpoints (tentative, then permanent), alice loses a transfer to carol, alice rolls back to
 * her checkpoint, carol crashes and recovers. The merged ShiViz log parses back with its own
 * expression in causal order, and the diagram holds each kind of mark.
 */
class TraceToolTest {

    @TempDir
    Path run;

    static final List<String> ALICE = List.of(
            "2026-01-01T10:00:00.000Z alice {\"alice\":1} start",
            "2026-01-01T10:00:00.100Z alice {\"alice\":2} checkpoint-permanent id=alice:1",
            "2026-01-01T10:00:01.000Z alice {\"alice\":3} transfer-sent to=bob amount=10.00 label=1",
            "2026-01-01T10:00:01.001Z alice {\"alice\":4} send to=127.0.0.1:8504 msg=transfer alice 1 0 10.00",
            "2026-01-01T10:00:03.000Z alice {\"alice\":5} lost-transfer to=carol amount=30.00 label=2",
            "2026-01-01T10:00:04.000Z alice {\"alice\":6} rollback id=alice:5 to=alice:1",
            "2026-01-01T10:00:05.000Z alice {\"alice\":7} quit");
    static final List<String> BOB = List.of(
            "2026-01-01T10:00:00.000Z bob {\"bob\":1} start",
            // bob's clock says it saw alice's send, although its own line is written "before" it: causality wins
            "2026-01-01T10:00:00.900Z bob {\"alice\":4,\"bob\":2} recv of=alice:4 from=127.0.0.1:8502 msg=transfer alice 1 0 10.00",
            "2026-01-01T10:00:01.100Z bob {\"alice\":4,\"bob\":3} transfer-received from=alice amount=10.00 label=1",
            "2026-01-01T10:00:02.000Z bob {\"alice\":4,\"bob\":4} checkpoint-tentative id=bob:2",
            "2026-01-01T10:00:02.500Z bob {\"alice\":4,\"bob\":5} checkpoint-permanent id=bob:2",
            "2026-01-01T10:00:02.600Z bob {\"alice\":4,\"bob\":6} checkpoint-tentative id=bob:3",
            "2026-01-01T10:00:02.700Z bob {\"alice\":4,\"bob\":7} checkpoint-aborted id=bob:3");
    static final List<String> CAROL = List.of(
            "2026-01-01T10:00:00.000Z carol {\"carol\":1} start",
            "2026-01-01T10:00:02.000Z carol {\"carol\":2} crash",
            "2026-01-01T10:00:02.000Z carol {\"carol\":3} start",
            "2026-01-01T10:00:02.100Z carol {\"carol\":4} recovery from=carol:1",
            "2026-01-01T10:00:02.200Z carol {\"carol\":5} rollback id=carol:6 to=carol:1",
            "2026-01-01T10:00:02.200Z carol {\"carol\":6} torn by a cra");

    private void writeTraces() throws IOException {
        Files.write(run.resolve("alice.trace"), ALICE);
        Files.write(run.resolve("bob.trace"), BOB);
        List<String> carol = new ArrayList<>(CAROL);
        carol.set(carol.size() - 1, "2026-01-01T10:00:02.200Z carol {\"carol\":6"); // torn by a kill
        Files.write(run.resolve("carol.trace"), carol);
        Files.writeString(run.resolve("notes.txt"), "not a trace");
    }

    @Test
    void theMergedLogIsWhatShiVizLoadsInCausalOrder() throws IOException {
        writeTraces();
        TraceTool.Rendered r = TraceTool.render(run);
        assertEquals(run.resolve("shiviz.log"), r.shiviz());

        String log = Files.readString(r.shiviz());
        List<String> lines = log.lines().toList();
        assertEquals(TraceLine.SHIVIZ_REGEX, lines.get(0), "first line: the parser expression");
        assertEquals("", lines.get(1), "second line: no delimiter between executions");

        // Parse the events back the way ShiViz does: its expression, repeatedly, over the rest.
        String body = String.join("\n", lines.subList(2, lines.size()));
        Matcher m = Pattern.compile(lines.get(0)).matcher(body);
        List<String[]> events = new ArrayList<>();
        while (m.find()) {
            events.add(new String[] {m.group("host"), m.group("clock"), m.group("event")});
        }
        assertEquals(ALICE.size() + BOB.size() + CAROL.size() - 1, events.size(), "every whole line, the torn one left out");
        Map<String, Long> last = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (String[] e : events) {
            Map<String, Long> clock = VectorClock.parseJson(e[1]).orElseThrow();
            long own = clock.get(e[0]);
            assertEquals(last.getOrDefault(e[0], 0L) + 1, own, "each host counts 1, 2, 3... " + e[0]);
            last.put(e[0], own);
            clock.forEach((host, n) -> {
                if (!host.equals(e[0])) {
                    assertTrue(n == 0 || seen.contains(host + ":" + n), e[0] + " " + own + " comes after " + host + ":" + n);
                }
            });
            seen.add(e[0] + ":" + own);
        }
    }

    @Test
    void theDiagramDrawsTransfersLostTransfersCheckpointsRollbacksAndCrashes() throws Exception {
        writeTraces();
        TraceTool.Rendered r = TraceTool.render(run);
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(r.svg())));
        assertEquals("svg", svg.getDocumentElement().getTagName(), "well-formed SVG");

        assertEquals(1, count(svg, "line", "transfer"), "one transfer arrow, from the datagram that carried it to bob");
        Element transfer = find(svg, "line", "transfer");
        // alice rolled back to alice:1, taken before she sent it: the transfer is undone.
        assertTrue(hasClass(transfer, "undone"));
        assertEquals("url(#arrow-undone)", transfer.getAttribute("marker-end"));
        assertTrue(texts(svg, "transfer-label").contains("10.00 #1"));
        assertEquals(1, count(svg, "line", "lost"), "the lost transfer stops short...");
        assertEquals(1, count(svg, "path", "lost"), "...in a cross");
        assertTrue(texts(svg, "lost-label").contains("30.00 #2 to carol lost"));
        assertEquals(2, count(svg, "rect", "checkpoint-tentative"));
        assertEquals(2, count(svg, "rect", "checkpoint-permanent"), "alice:1 and bob:2");
        assertEquals(1, count(svg, "rect", "checkpoint-aborted"));
        assertEquals(2, count(svg, "path", "rollback"), "alice's and carol's");
        assertEquals(1, count(svg, "path", "crash"));
        assertEquals(1, count(svg, "line", "down"), "carol's line is dashed while she was down");
        assertEquals(1, count(svg, "circle", "recovery"));
        assertEquals(0, count(svg, "line", "datagram"), "the one datagram both sides recorded is the transfer");
        assertTrue(texts(svg, "event-label").containsAll(List.of("rollback to alice:1", "crash", "restart",
                "recovered from carol:1", "tentative bob:2", "checkpoint bob:2", "aborted bob:3", "quit")));
    }

    @Test
    void aDirectoryWithoutTracesIsAnErrorNamingIt() throws IOException {
        IOException e = assertThrows(IOException.class, () -> TraceTool.render(run));
        assertTrue(e.getMessage().contains("no trace events in " + run), e.getMessage());
        assertThrows(IOException.class, () -> TraceTool.render(run.resolve("missing")));
        assertFalse(Files.exists(run.resolve("spacetime.svg")));
    }

    private static int count(Document svg, String tag, String cls) {
        int n = 0;
        NodeList all = svg.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            if (hasClass((Element) all.item(i), cls)) {
                n++;
            }
        }
        return n;
    }

    private static Element find(Document svg, String tag, String cls) {
        NodeList all = svg.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            if (hasClass((Element) all.item(i), cls)) {
                return (Element) all.item(i);
            }
        }
        throw new AssertionError("no " + tag + " of class " + cls);
    }

    static boolean hasClass(Element e, String cls) {
        return List.of(e.getAttribute("class").split(" ")).contains(cls);
    }

    private static List<String> texts(Document svg, String cls) {
        List<String> out = new ArrayList<>();
        NodeList all = svg.getElementsByTagName("text");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (hasClass(e, cls)) {
                out.add(e.getTextContent());
            }
        }
        return out;
    }

}
