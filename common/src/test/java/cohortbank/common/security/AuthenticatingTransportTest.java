package cohortbank.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.common.sim.InMemoryNetwork;
import cohortbank.common.sim.SimulatedScheduler;
import cohortbank.common.testing.FixedKeys;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two processes, alice and bob, authenticate what they say to each other on a simulated
 * network; mallory, who holds a key of her own but is known to nobody, and anyone who merely
 * copies alice's datagrams, get nothing delivered, and the real traffic after each attack
 * still is.
 */
class AuthenticatingTransportTest {

    static final Endpoint A = new Endpoint("127.0.0.1", 9001);
    static final Endpoint B = new Endpoint("127.0.0.1", 9002);
    static final Endpoint M = new Endpoint("127.0.0.1", 9003);

    final SimulatedScheduler sim = new SimulatedScheduler();
    final InMemoryNetwork net = new InMemoryNetwork(sim, new Random(1));
    final Identity alice = Identity.seeded(1);
    final Identity bob = Identity.seeded(2);
    final List<String> wire = new ArrayList<>();
    final List<Datagram> atBob = new ArrayList<>();
    final List<Datagram> atAlice = new ArrayList<>();
    final List<String> bobLog = new ArrayList<>();
    AuthContext bobAuth;
    Transport a;
    Transport b;
    Transport raw;

    @BeforeEach
    void connect() {
        a = start(alice, A, new FixedKeys().with(B, bob.publicKey()), atAlice, line -> { });
        bobAuth = new AuthContext(bob, new FixedKeys().with(A, alice.publicKey()), bobLog::add);
        b = new AuthenticatingTransport(net.transport(B), bobAuth);
        b.start(atBob::add);
        raw = net.transport(M);
        raw.start(d -> { });
    }

    /** Alice's side, whose raw datagrams are copied into {@link #wire} as an eavesdropper would. */
    private Transport start(Identity who, Endpoint at, FixedKeys keys, List<Datagram> inbox, Consumer<String> log) {
        Transport inner = net.transport(at);
        Transport tapped = new Transport() {
            public Endpoint local() {
                return inner.local();
            }

            public void start(Consumer<Datagram> receiver) {
                inner.start(receiver);
            }

            public void send(Endpoint to, String text) {
                wire.add(text);
                inner.send(to, text);
            }

            public void close() {
                inner.close();
            }
        };
        Transport t = new AuthenticatingTransport(tapped, new AuthContext(who, keys, log));
        t.start(inbox::add);
        return t;
    }

    private List<String> bodiesAtBob() {
        return atBob.stream().map(Datagram::text).toList();
    }

    private void talk(String text) {
        a.send(B, text);
        sim.runFor(100);
    }

    @Test
    void aFirstDatagramCostsOneHelloThenEverythingArrivesOnceWithItsSender() {
        talk("transfer alice 1 0 5.00");
        talk("transfer alice 2 1 6.00");
        assertEquals(List.of("transfer alice 1 0 5.00", "transfer alice 2 1 6.00"), bodiesAtBob());
        assertTrue(atBob.stream().allMatch(d -> alice.publicKey().equals(d.sender())));
        assertTrue(wire.get(0).startsWith("@mac="), wire.get(0));
        assertTrue(wire.get(0).contains(" @to=0 "), "alice did not know bob's epoch yet: " + wire.get(0));
        assertTrue(wire.get(1).contains(" @to=1 "), "the re-send after bob's hello names it: " + wire.get(1));
    }

    @Test
    void aReplayedDatagramIsDroppedAndCounted() {
        talk("transfer alice 1 0 5.00");
        String captured = wire.get(wire.size() - 1);
        raw.send(B, captured);
        raw.send(B, captured);
        sim.runFor(100);
        assertEquals(List.of("transfer alice 1 0 5.00"), bodiesAtBob());
        assertEquals(Map.of("first contact, epoch told", 1L, "replayed or too old", 2L), bobAuth.dropped());
        talk("transfer alice 2 1 6.00");
        assertEquals(2, atBob.size(), "real traffic still gets through");
    }

    @Test
    void anAlteredByteAnywhereIsDropped() {
        talk("transfer alice 1 0 5.00");
        String captured = wire.get(wire.size() - 1);
        long before = authenticatedAtBob();
        for (int i = 0; i < captured.length(); i++) {
            char c = captured.charAt(i);
            char other = c == '9' ? '8' : (c == 'A' ? 'B' : (Character.isDigit(c) ? '9' : 'A'));
            raw.send(B, captured.substring(0, i) + other + captured.substring(i + 1));
        }
        sim.runFor(100);
        assertEquals(before, authenticatedAtBob(), "no altered copy was delivered as alice's");
        talk("transfer alice 2 1 6.00");
        assertEquals(before + 1, authenticatedAtBob());
    }

    private long authenticatedAtBob() {
        return atBob.stream().filter(Datagram::authenticated).count();
    }

    @Test
    void aForgerWithHerOwnKeyOrNoneIsNotHeard() {
        Transport mallory = new AuthenticatingTransport(net.transport(new Endpoint("127.0.0.1", 9004)),
                new AuthContext(Identity.seeded(3), new FixedKeys().with(B, bob.publicKey()), line -> { }));
        mallory.start(d -> { });
        mallory.send(B, "transfer alice 1 0 500.00");
        raw.send(B, "@mac=" + "A".repeat(43) + " @key=" + alice.publicKey() + " @ep=1 @seq=9 @to=1 transfer alice 1 0 500.00");
        sim.runFor(100);
        assertEquals(List.of(), atBob);
        assertEquals(Map.of("unknown sender", 1L, "forged or altered", 1L), bobAuth.dropped());
        raw.send(B, "transfer alice 1 0 500.00");
        sim.runFor(100);
        assertEquals(1, atBob.size());
        assertNull(atBob.get(0).sender(), "a bare datagram is delivered with no sender, for the node to refuse");
    }

    @Test
    void datagramsOfAnEarlierLifeAreRefusedAfterEitherSideRestarts() {
        talk("transfer alice 1 0 5.00");
        List<String> oldLife = List.copyOf(wire);
        // Bob restarts: a new epoch, and windows that remember nothing.
        Identity bob2 = nextLife(bob);
        AuthContext restarted = new AuthContext(bob2, new FixedKeys().with(A, alice.publicKey()), line -> { });
        List<Datagram> atBob2 = new ArrayList<>();
        b.close();
        Transport b2 = new AuthenticatingTransport(net.transport(B), restarted);
        b2.start(atBob2::add);
        oldLife.forEach(t -> raw.send(B, t));
        sim.runFor(100);
        assertEquals(List.of(), atBob2, "nothing captured before the restart is delivered after it");
        talk("transfer alice 2 1 6.00");
        assertEquals(List.of(), atBob2, "sealed for bob's earlier life: refused, and bob's hello tells alice his new one");
        // The layer sends nothing again that bob's earlier life may have taken (his caches are
        // gone, so an answered request would be acted on twice); the protocol above re-sends
        // what was not acknowledged, now sealed for the new life.
        talk("transfer alice 2 1 6.00");
        assertEquals(List.of("transfer alice 2 1 6.00"), atBob2.stream().map(Datagram::text).toList());
    }

    @Test
    void aDatagramSentBackToItsSenderIsRefused() {
        talk("transfer alice 1 0 5.00");
        raw.send(A, wire.get(wire.size() - 1));
        sim.runFor(100);
        assertEquals(List.of(), atAlice);
    }

    private static Identity nextLife(Identity id) {
        cohortbank.common.sim.MemoryStorage storage = new cohortbank.common.sim.MemoryStorage();
        try {
            storage.write("k", id.fileText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Identity.loadOrCreate(storage, "k", (SecureRandom) null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
