package cohortbank.common.security;

import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Measures what authentication adds to one datagram: sealing it at the sender and checking it
 * at the receiver (HMAC-SHA256 twice, header text, replay window), through the real
 * {@link AuthenticatingTransport} on both ends joined by an in-process wire. Not a test: it
 * prints figures. Run after a build with
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
