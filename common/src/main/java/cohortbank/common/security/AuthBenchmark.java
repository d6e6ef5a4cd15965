package cohortbank.common.security;

import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Measures what authentication adds to one datagram: sealing it at the sender and checking it
 * at the receiver (HMAC-SHA256 twice, header text, replay window), through the real
 * {@link AuthenticatingTransport} on both ends joined by an in-process wire; then the round
 * trip of a transfer and its acknowledgement over real loopback UDP, bare and authenticated.
 * Not a test: it prints figures. Run after a build with
 * {@code java -cp common/target/classes cohortbank.common.security.AuthBenchmark [datagrams]}.
 */
public final class AuthBenchmark {

    private AuthBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Endpoint a = new Endpoint("127.0.0.1", 9001);
        Endpoint b = new Endpoint("127.0.0.1", 9002);
        Identity alice = Identity.seeded(1);
        Identity bob = Identity.seeded(2);
        Wire wire = new Wire();
        Transport sender = new AuthenticatingTransport(wire.end(a, b), new AuthContext(alice, fixed(b, bob), line -> { }));
        Transport receiver = new AuthenticatingTransport(wire.end(b, a), new AuthContext(bob, fixed(a, alice), line -> { }));
        long[] delivered = {0};
        sender.start(d -> { });
        receiver.start(d -> delivered[0]++);
        String transfer = "@id=k3f9x2-17 transfer alice 1234 1233 250.00";
        for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
            long before = delivered[0];
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sender.send(b, transfer);
            }
            long took = System.nanoTime() - start;
            System.out.printf("round %d: %d datagrams sealed and checked, %.2f us each (%d delivered)%n",
                    round + 1, n, took / 1000.0 / n, delivered[0] - before);
        }
        System.out.printf("datagram of %d bytes grows by %d bytes of headers%n", transfer.length(), wire.lastLength - transfer.length());
        int trips = Math.max(2_000, n / 20);
        for (int round = 0; round < 2; round++) {
            double bare = roundTrip(trips, false);
            double sealed = roundTrip(trips, true);
            System.out.printf("UDP loopback round trip (a transfer and its acknowledgement), %d trips: bare %.1f us, "
                    + "authenticated %.1f us (+%.1f us)%n", trips, bare, sealed, sealed - bare);
        }
    }

    /** Mean microseconds for one datagram there and one back between two real UDP endpoints. */
    private static double roundTrip(int trips, boolean authenticated) {
        try (cohortbank.common.time.EventLoop loopA = new cohortbank.common.time.EventLoop("bench-a", e -> { });
             cohortbank.common.time.EventLoop loopB = new cohortbank.common.time.EventLoop("bench-b", e -> { })) {
            java.util.List<Endpoint> ports = cohortbank.common.net.LoopbackPorts.probe(2);
            Endpoint a = ports.get(0);
            Endpoint b = ports.get(1);
            Identity alice = Identity.seeded(1);
            Identity bob = Identity.seeded(2);
            Transport ta = cohortbank.common.net.UdpTransport.bind(a, loopA, cohortbank.common.net.UdpTransport.Listener.NONE);
            Transport tb = cohortbank.common.net.UdpTransport.bind(b, loopB, cohortbank.common.net.UdpTransport.Listener.NONE);
            if (authenticated) {
                ta = new AuthenticatingTransport(ta, new AuthContext(alice, fixed(b, bob), line -> { }));
                tb = new AuthenticatingTransport(tb, new AuthContext(bob, fixed(a, alice), line -> { }));
            }
            Transport back = tb;
            tb.start(d -> back.send(d.from(), "transfer-ack bob 1 1"));
            java.util.concurrent.BlockingQueue<Boolean> acked = new java.util.concurrent.LinkedBlockingQueue<>();
            ta.start(d -> acked.offer(true));
            Transport out = ta;
            long start = 0;
            for (int i = -200; i < trips; i++) { // 200 trips of warm-up, and the first hello
                if (i == 0) {
                    start = System.nanoTime();
                }
                loopA.execute(() -> out.send(b, "transfer alice 1 0 5.00"));
                if (acked.poll(2, java.util.concurrent.TimeUnit.SECONDS) == null) {
                    i--; // lost on loopback: try again
                }
            }
            double micros = (System.nanoTime() - start) / 1000.0 / trips;
            ta.close();
            tb.close();
            return micros;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyDirectory fixed(Endpoint at, Identity who) {
        return new KeyDirectory() {
            @Override
            public Optional<String> keyAt(Endpoint endpoint) {
                return endpoint.equals(at) ? Optional.of(who.publicKey()) : Optional.empty();
            }

            @Override
            public boolean accepts(String publicKey) {
                return publicKey.equals(who.publicKey());
            }
        };
    }

    /** Two ends that hand each datagram straight to the other, on the calling thread. */
    private static final class Wire {
        final java.util.Map<Endpoint, Consumer<Datagram>> receivers = new java.util.HashMap<>();
        int lastLength;

        Transport end(Endpoint self, Endpoint other) {
            return new Transport() {
                public Endpoint local() {
                    return self;
                }

                public void start(Consumer<Datagram> receiver) {
                    receivers.put(self, receiver);
                }

                public void send(Endpoint to, String text) {
                    lastLength = text.length();
                    receivers.get(to).accept(new Datagram(self, text));
                }

                public void close() {
                }
            };
        }
    }
}
