package cohortbank.common.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The diagram tells the truth about each thing a student must see: control messages are
 * directed and named, drops end in a mark, duplicates show, a re-send starts from its own send,
 * rollbacks undo what they undo and say who started them, and long diagrams repeat the names.
 * Each trace is written by hand, as the tracers write it, and the SVG parsed back.
 */
class SpaceTimeSvgTest {

    private static final String A = "127.0.0.1:9002";
    private static final String B = "127.0.0.1:9004";

    /** Builds trace lines host by host with correct clocks; {@code from} merges a sender's clock. */
    private static final class Story {
        final List<String> lines = new ArrayList<>();
        final java.util.Map<String, java.util.Map<String, Long>> clocks = new java.util.HashMap<>();
        int second;

        String event(String host, String text) {
            return event(host, text, null);
        }

        /** Records {@code text} at {@code host}, after {@code seen} (a {@code host:number}) when given; returns its id. */
        String event(String host, String text, String seen) {
            java.util.Map<String, Long> clock = clocks.computeIfAbsent(host, h -> new java.util.TreeMap<>());
            if (seen != null) {
                String[] s = seen.split(":");
                clocks.get(s[0]).forEach((h, n) -> clock.merge(h, n, Math::max));
                clock.merge(s[0], Long.parseLong(s[1]), Math::max);
            }
            long n = clock.merge(host, 1L, Long::sum);
            lines.add(String.format("2026-01-01T10:%02d:%02d.000Z %s %s %s", second / 60, second % 60, host,
                    VectorClock.toJson(clock), text));
            second++;
            return host + ":" + n;
        }

        String send(String host, String to, String msg) {
            return event(host, "send to=" + to + " msg=" + msg);
        }

        String recv(String host, String of, String from, String msg) {
            return event(host, "recv of=" + of + " from=" + from + " msg=" + msg, of);
        }

        Document svg() throws Exception {
            String text = SpaceTimeSvg.render(TraceMerge.merge(lines).events());
            return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Story aliceAndBobStarted() {
        Story s = new Story();
        s.event("alice", "start");
        s.event("bob", "start");
        return s;
    }

    @Test
    void controlMessagesAreDirectedAndLabelledWithTheirKindAndInstance() throws Exception {
        Story s = aliceAndBobStarted();
        String req = s.send("alice", B, "@id=x-1 ckpt-request alice alice:3 1 0 5400");
        s.recv("bob", req, A, "@id=x-1 ckpt-request alice alice:3 1 0 5400");
        s.event("bob", "checkpoint-tentative id=alice:3");
        String vote = s.send("bob", A, "@re=x-1 SUCCESS yes bob");
        s.recv("alice", vote, B, "@re=x-1 SUCCESS yes bob");
        String decision = s.send("alice", B, "@id=x-2 ckpt-decision alice alice:3 commit");
        s.recv("bob", decision, A, "@id=x-2 ckpt-decision alice alice:3 commit");
        s.event("bob", "checkpoint-permanent id=alice:3");
        String ack = s.send("bob", A, "@re=x-2 SUCCESS commit");
        s.recv("alice", ack, B, "@re=x-2 SUCCESS commit");

        Document svg = s.svg();
        List<Element> control = elements(svg, "line", "control");
        assertEquals(3, control.size(), "request, vote and decision; the ack is not a control message");
        for (Element line : control) {
            assertTrue(line.getAttribute("marker-end").startsWith("url(#arrow-"), "directed: " + line.getAttribute("class"));
            assertNotEquals(SpaceTimeSvg.GREY, line.getAttribute("stroke"), "distinct from acks");
        }
        assertEquals(1, elements(svg, "line", "request").size());
        assertEquals(1, elements(svg, "line", "vote").size());
        assertEquals(1, elements(svg, "line", "decision").size());
        assertEquals(List.of("checkpoint? alice:3", "vote yes", "commit alice:3"), texts(svg, "control-label"));
        Element datagram = elements(svg, "line", "datagram").get(0);
        assertEquals(SpaceTimeSvg.GREY, datagram.getAttribute("stroke"), "the ack is a thin grey line");
        assertEquals("url(#arrow-grey)", datagram.getAttribute("marker-end"), "also directed");
        assertTrue(texts(svg, "instance-label").contains("started by alice"), "bob's checkpoint names its initiator");
    }

    @Test
    void aDroppedDatagramEndsInAMarkAndADuplicateShowsTwice() throws Exception {
        Story s = aliceAndBobStarted();
        String lost = s.send("alice", B, "@id=x-1 rb-request alice alice:4 1 0 0 5400");
        s.event("alice", "drop of=" + lost + " to=" + B + " why=loss");
        String twice = s.send("alice", B, "@id=x-1 rb-request alice alice:4 1 0 0 5400");
        s.event("alice", "duplicate of=" + twice + " to=" + B);
        s.recv("bob", twice, A, "@id=x-1 rb-request alice alice:4 1 0 0 5400");
        s.recv("bob", twice, A, "@id=x-1 rb-request alice alice:4 1 0 0 5400");

        Document svg = s.svg();
        assertEquals(1, elements(svg, "line", "drop").size(), "the dropped request heads for bob...");
        assertEquals(1, elements(svg, "path", "drop-mark").size(), "...and ends in a cross");
        assertEquals(List.of("roll back? alice:4 dropped"), texts(svg, "drop-label"));
        Element drop = elements(svg, "line", "drop").get(0);
        assertTrue(Integer.parseInt(drop.getAttribute("x2")) > Integer.parseInt(drop.getAttribute("x1")), "towards bob");
        assertTrue(Integer.parseInt(drop.getAttribute("x2")) < SpaceTimeSvg.LEFT + SpaceTimeSvg.COLUMN * 3 / 2,
                "stopping short of bob's line");
        assertEquals(List.of("x2"), texts(svg, "duplicate-mark"));
        List<Element> requests = elements(svg, "line", "request");
        assertEquals(2, requests.size(), "both copies are drawn");
        assertEquals(1, elements(svg, "line", "duplicate").size(), "the second one as a copy");
    }

    @Test
    void aTransferResentAfterACrashIsANewSendAndWhatTheRollbackUndidIsStruckOut() throws Exception {
        Story s = aliceAndBobStarted();
        s.event("alice", "checkpoint-permanent id=alice:1");
        s.event("alice", "transfer-sent to=bob amount=10.00 label=1");
        String first = s.send("alice", B, "transfer alice 1 0 10.00");
        s.event("bob", "checkpoint-permanent id=bob:1");
        s.recv("bob", first, A, "transfer alice 1 0 10.00");
        s.event("bob", "transfer-received from=alice amount=10.00 label=1");
        s.event("bob", "crash");
        s.event("bob", "start");
        s.event("bob", "recovery from=bob:1");
        String again = s.send("alice", B, "transfer alice 1 0 10.00");
        s.recv("bob", again, A, "transfer alice 1 0 10.00");
        s.event("bob", "transfer-received from=alice amount=10.00 label=1");

        Document svg = s.svg();
        List<Element> transfers = elements(svg, "line", "transfer");
        assertEquals(2, transfers.size(), "one arrow per datagram that carried it");
        Element original = transfers.stream().filter(t -> !hasClass(t, "resent")).findFirst().orElseThrow();
        Element resent = transfers.stream().filter(t -> hasClass(t, "resent")).findFirst().orElseThrow();
        assertNotEquals(original.getAttribute("y1"), resent.getAttribute("y1"), "the re-send starts from its own send");
        assertTrue(Integer.parseInt(resent.getAttribute("y1")) > Integer.parseInt(original.getAttribute("y2")),
                "after the crash, not from the old send point");
        assertEquals(1, elements(svg, "circle", "resend").size(), "its send point is marked");
        assertTrue(hasClass(original, "undone"), "bob's first receipt was undone by his recovery");
        assertFalse(hasClass(resent, "undone"));
        assertEquals(1, elements(svg, "circle", "undone").size(), "bob's first transfer-received, greyed");
        Element struck = elements(svg, "text", "transfer-label").stream().filter(t -> hasClass(t, "undone"))
                .findFirst().orElseThrow();
        assertEquals("line-through", struck.getAttribute("text-decoration"));
        assertTrue(texts(svg, "transfer-label").contains("10.00 #1 re-sent"));
    }

    @Test
    void twoRollbacksToTheSameCheckpointEachHaveTheirCurveAndSayWhoStartedThem() throws Exception {
        Story s = aliceAndBobStarted();
        s.event("bob", "checkpoint-permanent id=bob:1");
        s.event("bob", "rollback id=alice:5 to=bob:1");
        s.event("bob", "rollback id=bob:6 to=bob:1");

        Document svg = s.svg();
        List<Element> curves = elements(svg, "path", "rollback");
        assertEquals(2, curves.size());
        assertNotEquals(curves.get(0).getAttribute("d"), curves.get(1).getAttribute("d"));
        String end0 = curves.get(0).getAttribute("d").replaceAll(".* ", "");
        String end1 = curves.get(1).getAttribute("d").replaceAll(".* ", "");
        assertNotEquals(end0, end1, "two arrowheads, not one shared");
        assertEquals(List.of("instance alice:5, started by alice", "instance bob:6, started by bob"),
                texts(svg, "instance-label"));
    }

    @Test
    void longDiagramsRepeatTheProcessNamesAndCarryALegend() throws Exception {
        Story s = new Story();
        for (int i = 0; i < 40; i++) {
            s.event(i % 2 == 0 ? "alice" : "bob", "checkpoint-permanent id=x:" + i);
        }
        Document svg = s.svg();
        Set<String> repeated = new HashSet<>(texts(svg, "host-repeat-name"));
        assertEquals(Set.of("alice", "bob"), repeated, "names down the lines, not only at the top");
        assertTrue(elements(svg, "rect", "host-repeat").size() >= 2);
        assertFalse(elements(svg, "g", "legend").isEmpty());
        for (String cls : List.of("legend-control", "legend-drop", "legend-duplicate", "legend-undone", "legend-resend")) {
            assertFalse(elements(svg, "*", cls).isEmpty(), "the legend explains " + cls);
        }
    }

    static List<Element> elements(Document svg, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = svg.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (hasClass(e, cls)) {
                out.add(e);
            }
        }
        return out;
    }

    static boolean hasClass(Element e, String cls) {
        return List.of(e.getAttribute("class").split(" ")).contains(cls);
    }

    static List<String> texts(Document svg, String cls) {
        return elements(svg, "text", cls).stream().map(Element::getTextContent).toList();
    }
}
