package cohortbank.common.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.common.rpc.Requester;
import cohortbank.common.rpc.Responder;
import cohortbank.common.rpc.RetryPolicy;
import cohortbank.common.sim.InMemoryNetwork;
import cohortbank.common.sim.SimulatedScheduler;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process's trace: datagrams carry the clock in a header the receiver's tracer removes,
 * untraced processes ignore it, and a restart on the same file continues the clock and
 * records a crash when the last run did not quit.
 */
class TracerTest {

    private static final Endpoint A = new Endpoint("127.0.0.1", 9001);
    private static final Endpoint B = new Endpoint("127.0.0.1", 9002);
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final SimulatedScheduler scheduler = new SimulatedScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler, new Random(1));

    private List<TraceLine> read(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> TraceLine.parse(l).orElseThrow(() -> new AssertionError(l))).toList();
    }

    @Test
    void aTracedSendReachesTheTracedReceiverWithoutItsHeaderAndOrdersTheTwoEvents() throws IOException {
        try (Tracer alice = Tracer.open(dir.resolve("alice.trace"), "alice", FIXED);
             Tracer bob = Tracer.open(dir.resolve("bob.trace"), "bob", FIXED)) {
            Transport a = alice.wrap(network.transport(A), scheduler);
            Transport b = bob.wrap(network.transport(B), scheduler);
            List<String> seenByBob = new ArrayList<>();
            a.start(d -> { });
            b.start(d -> seenByBob.add(d.text()));
            alice.record(new ProtocolEvent.TransferSent("bob", Money.parse("10"), 1));
            a.send(B, "transfer alice 1 0 10.00");
            scheduler.runUntilIdle(100);
            assertEquals(List.of("transfer alice 1 0 10.00"), seenByBob, "the header never reaches the node");
        }
        List<TraceLine> a = read(dir.resolve("alice.trace"));
        List<TraceLine> b = read(dir.resolve("bob.trace"));
        assertEquals(List.of("start", "transfer-sent to=bob amount=10.00 label=1",
                "send to=127.0.0.1:9002 msg=transfer alice 1 0 10.00"), a.stream().map(TraceLine::text).toList());
        assertEquals(List.of(1L, 2L, 3L), a.stream().map(TraceLine::number).toList());
        TraceLine recv = b.get(1);
        assertEquals("recv of=alice:3 from=127.0.0.1:9001 msg=transfer alice 1 0 10.00", recv.text());
        assertEquals(java.util.Map.of("alice", 3L, "bob", 2L), recv.clock(), "merged the send's clock, then ticked");
    }

    @Test
    void theFaultLayerRecordsEachDropAndDuplicateNamingTheSendItHit() throws IOException {
        try (Tracer alice = Tracer.open(dir.resolve("alice.trace"), "alice", FIXED)) {
            cohortbank.common.net.FaultControl faults = new cohortbank.common.net.FaultControl(
                    cohortbank.common.net.FaultPlan.NONE, 7);
            faults.observe(alice);
            // The process's order: faults next to the wire, the tracer outermost.
            Transport a = faults.then(alice).wrap(network.transport(A), scheduler);
            a.start(d -> { });
            faults.set(cohortbank.common.net.FaultPlan.NONE.withLink(B, new cohortbank.common.net.LinkFaults(1, 0, 0, 0, 0)));
            a.send(B, "transfer alice 1 0 10.00");
            faults.set(cohortbank.common.net.FaultPlan.NONE.withLink(B, new cohortbank.common.net.LinkFaults(0, 1, 0, 0, 0)));
            a.send(B, "transfer alice 2 1 5.00");
        }
        List<String> texts = read(dir.resolve("alice.trace")).stream().map(TraceLine::text).toList();
        assertEquals(List.of("start",
                "send to=127.0.0.1:9002 msg=transfer alice 1 0 10.00",
                "drop of=alice:2 to=127.0.0.1:9002 why=loss",
                "send to=127.0.0.1:9002 msg=transfer alice 2 1 5.00",
                "duplicate of=alice:4 to=127.0.0.1:9002"), texts);
        assertEquals(java.util.Optional.of(new ProtocolEvent.Dropped("alice:2", "127.0.0.1:9002", "loss")),
                ProtocolEvent.parse(texts.get(2)), "the drop reads back");
    }

    @Test
    void aProcessWithoutTracingIgnoresTheClockHeader() throws IOException {
        try (Tracer alice = Tracer.open(dir.resolve("alice.trace"), "alice", FIXED)) {
            Transport client = alice.wrap(network.transport(A), scheduler);
            Transport server = network.transport(B); // no tracing on this side
            Requester requester = new Requester(client, scheduler, RetryPolicy.DEFAULT, "t");
            Responder responder = new Responder(server, 16);
            List<String> raw = new ArrayList<>();
            server.start(d -> {
                raw.add(d.text());
                try {
                    responder.onRequest(d.from(), Envelope.parse(d.text()),
                            (from, request, answer) -> answer.accept(Reply.success("seen " + request.bodyText())));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            List<Reply> replies = new ArrayList<>();
            client.start(d -> requester.onReply(parse(d)));
            requester.request(B, List.of("cohort-of", "bob"), replies::add);
            scheduler.runUntilIdle(100);

            assertTrue(raw.get(0).startsWith("@vc=alice:"), raw.get(0));
            assertEquals(List.of("SUCCESS seen cohort-of bob"), replies.stream().map(Reply::line).toList());
        }
        List<TraceLine> lines = read(dir.resolve("alice.trace"));
        assertEquals("recv of=? from=127.0.0.1:9002 msg=@re=t-1 SUCCESS seen cohort-of bob",
                lines.get(lines.size() - 1).text(), "an unstamped datagram is still recorded");
    }

    private static Envelope parse(Datagram d) {
        try {
            return Envelope.parse(d.text());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBareReplyToAPersonCarriesNoHeaderAndOtherHeadersSurviveTheStrip() throws IOException {
        try (Tracer bank = Tracer.open(dir.resolve("bank.trace"), "bank", FIXED)) {
            assertEquals("SUCCESS cohort none", bank.sending(A, "SUCCESS cohort none"));
            String stamped = bank.sending(A, "@id=k-1 cohort-of bob");
            assertTrue(stamped.matches("@vc=bank:\\d+ @id=k-1 cohort-of bob"), stamped);
            assertEquals(new Tracer.Stripped("@id=k-1 cohort-of bob", "bank:3"), Tracer.strip("@vc=bank:3 @id=k-1 cohort-of bob"));
            assertEquals(new Tracer.Stripped("cohort-of  bob", ""), Tracer.strip("cohort-of  bob"));
            assertEquals(new Tracer.Stripped("x", "a:1.b:2"), Tracer.strip("@vca=.b:2 @vc=a:1 x"));
        }
    }

    @Test
    void aLongClockTravelsInSeveralHeadersAndComesBackWhole() throws IOException {
        try (Tracer alice = Tracer.open(dir.resolve("alice.trace"), "alice", FIXED)) {
            for (int i = 0; i < 16; i++) {
                alice.received(new Datagram(B, "@vc=customer-with-a-long-name-" + i + ":5 ping"));
            }
            String stamped = alice.sending(B, "ping");
            assertTrue(stamped.contains("@vca="), "more than 128 characters of clock: " + stamped);
            VectorClock.Stamp stamp = VectorClock.parseHeader(Tracer.strip(stamped).header()).orElseThrow();
            assertEquals(alice.clock(), stamp.clock());
            assertTrue(Envelope.parse(stamped).body().equals(List.of("ping")), "still a valid envelope");
        } catch (cohortbank.common.wire.MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRestartAfterAKillRecordsACrashAndContinuesTheClock() throws IOException {
        Path file = dir.resolve("bob.trace");
        Tracer first = Tracer.open(file, "bob", FIXED);
        first.record(new ProtocolEvent.TentativeCheckpoint("bob:2"));
        first.received(new Datagram(A, "@vc=alice:7 transfer alice 1 0 5.00"));
        // killed: no quit; the lines written so far are on disk
        Files.writeString(file, "2026-01-01T00:00:00Z bob {\"bob\":9", java.nio.file.StandardOpenOption.APPEND);

        try (Tracer second = Tracer.open(file, "bob", FIXED)) {
            second.record(new ProtocolEvent.Recovery("bob:1"));
        }
        List<TraceLine> lines = Files.readAllLines(file).stream().map(TraceLine::parse)
                .flatMap(java.util.Optional::stream).toList();
        assertEquals(List.of("start", "checkpoint-tentative id=bob:2", "recv of=alice:7 from=127.0.0.1:9001 msg=transfer alice 1 0 5.00",
                "crash", "start", "recovery from=bob:1"), lines.stream().map(TraceLine::text).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), lines.stream().map(TraceLine::number).toList(),
                "the torn line is skipped and the count goes on");
        assertEquals(7L, lines.get(3).clock().get("alice"), "what the dead run knew is kept");
        assertEquals(7, Files.readAllLines(file).size(), "the torn line ended, then the new ones");
    }

    @Test
    void aRestartAfterACleanQuitRecordsNoCrash() throws IOException {
        Path file = dir.resolve("bank.trace");
        try (Tracer first = Tracer.open(file, "bank", FIXED)) {
            first.record(new ProtocolEvent.Quit());
        }
        Tracer.open(file, "bank", FIXED).close();
        assertEquals(List.of("start", "quit", "start"), read(file).stream().map(TraceLine::text).toList());
    }
}
