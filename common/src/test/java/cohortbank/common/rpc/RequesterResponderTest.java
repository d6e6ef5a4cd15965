package cohortbank.common.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.LinkFaults;
import cohortbank.common.net.Transport;
import cohortbank.common.sim.InMemoryNetwork;
import cohortbank.common.sim.SimulatedScheduler;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reliable request/response as a client and a server see it over a simulated network. */
class RequesterResponderTest {

    private static final Endpoint CLIENT = new Endpoint("127.0.0.1", 9100);
    private static final Endpoint SERVER = new Endpoint("127.0.0.1", 9200);
    /** Patient enough that loss of 30% each way virtually never exhausts the tries. */
    private static final RetryPolicy PATIENT = new RetryPolicy(20, 2.0, 200, 25);

    private SimulatedScheduler scheduler;
    private InMemoryNetwork network;
    private Requester requester;
    private Responder responder;
    private Responder.Handler handler;
    /** How often the server applied each request body: the side effect that must happen once. */
    private final Map<String, Integer> applied = new HashMap<>();
    private int serverReplies;

    private void start(long seed, LinkFaults faults) {
        scheduler = new SimulatedScheduler();
        network = new InMemoryNetwork(scheduler, new Random(seed));
        network.setDefaultFaults(faults);

        Transport client = network.transport(CLIENT);
        requester = new Requester(client, scheduler, RetryPolicy.DEFAULT, "c" + seed);
        client.start(received((from, envelope) -> requester.onReply(envelope)));

        Transport server = network.transport(SERVER);
        responder = new Responder(countingSends(server), 1000);
        handler = (from, request, answer) -> {
            applied.merge(request.bodyText(), 1, Integer::sum);
            answer.accept(Reply.success("done " + request.bodyText()));
        };
        server.start(received((from, envelope) -> responder.onRequest(from, envelope, handler)));
    }

    private static Consumer<Datagram> received(BiConsumer<Endpoint, Envelope> then) {
        return datagram -> {
            try {
                then.accept(datagram.from(), Envelope.parse(datagram.text()));
            } catch (MalformedMessageException e) {
                throw new AssertionError("the simulated network garbled " + datagram, e);
            }
        };
    }

    /** The server's transport, counting every reply it sends, fresh or from the cache. */
    private Transport countingSends(Transport server) {
        return new Transport() {
            @Override
            public Endpoint local() {
                return server.local();
            }

            @Override
            public void start(Consumer<Datagram> receiver) {
                server.start(receiver);
            }

            @Override
            public void send(Endpoint to, String text) {
                serverReplies++;
                server.send(to, text);
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20240601})
    void overAHostileNetworkEveryRequestIsAppliedOnceAndAnsweredOnce(long seed) {
        start(seed, LinkFaults.lossy(0.3, 0.3, 0, 50));
        int requests = 40;
        Map<Integer, List<Reply>> replies = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            int n = i;
            scheduler.schedule(i * 7L, () -> requester.request(SERVER, List.of("add", Integer.toString(n)),
                    PATIENT, reply -> replies.computeIfAbsent(n, k -> new ArrayList<>()).add(reply)));
        }

        scheduler.runUntilIdle(1_000_000);

        for (int i = 0; i < requests; i++) {
            assertEquals(List.of(Reply.success("done add " + i)), replies.get(i), "seed " + seed + ", request " + i);
            assertEquals(1, applied.get("add " + i), "seed " + seed + ", request " + i + " applied");
        }
        assertEquals(0, requester.pendingCount(), "seed " + seed);
        assertTrue(serverReplies > requests,
                "seed " + seed + ": retransmissions were answered from the cache, " + serverReplies + " replies");
    }

    @Test
    void aLostReplyIsResentFromTheCacheWithoutApplyingTheRequestAgain() {
        start(1, InMemoryNetwork.PERFECT_LINK);
        network.block(SERVER, CLIENT);
        List<Reply> replies = new ArrayList<>();
        requester.request(SERVER, List.of("open", "alice"), replies::add);

        scheduler.runFor(400); // the first answer and a retransmission's are both lost
        assertEquals(List.of(), replies);
        assertEquals(Map.of("open alice", 1), applied);

        network.heal();
        scheduler.runUntilIdle(1000);

        assertEquals(List.of(Reply.success("done open alice")), replies);
        assertEquals(Map.of("open alice", 1), applied);
        assertTrue(serverReplies >= 3, "answered again from the cache: " + serverReplies);
    }

    @Test
    void aRequestToADeadEndpointFailsAsUnreachableWhenThePolicyGivesUp() {
        start(1, InMemoryNetwork.PERFECT_LINK);
        Endpoint dead = new Endpoint("127.0.0.1", 9999);
        List<String> outcomes = new ArrayList<>();
        requester.request(dead, List.of("ping"), reply -> outcomes.add(scheduler.now() + " " + reply));

        scheduler.runUntil(RetryPolicy.DEFAULT.giveUpAfterMillis() - 1);
        assertEquals(List.of(), outcomes, "still trying");
        scheduler.runUntilIdle(100);

        assertEquals(1, outcomes.size());
        String outcome = outcomes.get(0);
        assertTrue(outcome.startsWith(RetryPolicy.DEFAULT.giveUpAfterMillis() + " FAILURE " + dead + " unreachable"),
                outcome);
        assertEquals(RetryPolicy.DEFAULT.maxTries(), network.sent());
        assertEquals(0, requester.pendingCount());
    }

    @Test
    void abandonedRequestsAreAnsweredOnceAndNeverSentAgain() {
        start(1, InMemoryNetwork.PERFECT_LINK);
        Endpoint dead = new Endpoint("127.0.0.1", 9999);
        List<String> outcomes = new ArrayList<>();
        requester.request(dead, List.of("resync"), RetryPolicy.DEFAULT.within(1_000_000), reply -> outcomes.add(reply.line()));
        scheduler.runFor(1000);

        requester.abandonAll("cohort 2 is gone");
        assertEquals(List.of("FAILURE " + dead + " not asked any more: cohort 2 is gone"), outcomes);
        assertEquals(0, requester.pendingCount());
        assertTrue(scheduler.runUntilIdle(1000) < 1000, "no retransmission is left to run");
        assertEquals(1, outcomes.size(), "answered exactly once");
    }

    @Test
    void anAnswerWorkedOutLaterArrivesAndCopiesDuringTheWaitAreNotReapplied() {
        start(1, InMemoryNetwork.PERFECT_LINK);
        network.setLinkFaults(CLIENT, SERVER, LinkFaults.lossy(0, 1.0, 1, 1)); // every request twice
        List<Responder.Answer> waiting = new ArrayList<>();
        handler = (from, request, answer) -> {
            applied.merge(request.bodyText(), 1, Integer::sum);
            waiting.add(answer);
            // The answer needs, say, a cohort member's acknowledgement first.
            scheduler.schedule(500, () -> answer.accept(Reply.success("formed")));
        };
        List<String> replies = new ArrayList<>();
        requester.request(SERVER, List.of("new-cohort", "alice", "3"), reply -> replies.add(scheduler.now() + " " + reply));

        scheduler.runUntilIdle(1000);

        assertEquals(List.of("502 SUCCESS formed"), replies);
        assertEquals(Map.of("new-cohort alice 3", 1), applied);
        assertTrue(network.sent() >= 3, "the client retransmitted during the wait: " + network.sent());
        assertEquals(1, waiting.size());
    }

    @Test
    void aBareRequestTypedIntoNetcatIsHandledEveryTimeAndAnsweredWithoutHeadersOnALineOfItsOwn() {
        start(1, InMemoryNetwork.PERFECT_LINK);
        Endpoint human = new Endpoint("127.0.0.1", 9300);
        List<String> seen = new ArrayList<>();
        network.transport(human).start(d -> seen.add(d.text()));
        Transport server = countingSends(network.transport(new Endpoint("127.0.0.1", 9301)));
        Responder bare = new Responder(server, 10);
        Envelope typed = Envelope.of(List.of("balance"));

        bare.onRequest(human, typed, handler);
        bare.onRequest(human, typed, handler);
        scheduler.runUntilIdle(100);

        assertEquals(List.of("SUCCESS done balance\n", "SUCCESS done balance\n"), seen);
        assertEquals(Map.of("balance", 2), applied);
    }
}
