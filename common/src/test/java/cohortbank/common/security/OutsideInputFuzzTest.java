package cohortbank.common.security;

import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.common.testing.FixedKeys;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz tests of the common parsers of outside input: the envelope, the authentication
 * headers and what the authenticating layer does with any datagram, and key files. Each may
 * refuse its input only with its own checked refusal, never with anything else. In
 * {@code ./mvnw verify} only the regression inputs under
 * {@code src/test/resources/cohortbank/common/security/OutsideInputFuzzTestInputs/} run; fuzz
 * for real with {@code JAZZER_FUZZ=1} (see docs/TESTING.md).
 */
@Tag("slow")
class OutsideInputFuzzTest {

    private static final Endpoint A = new Endpoint("127.0.0.1", 9001);
    private static final Identity ALICE = Identity.seeded(1);
    private static final Identity BOB = Identity.seeded(2);

    @FuzzTest(maxDuration = "60s")
    void envelope(byte[] input) {
        try {
            Envelope.parse(new String(input, StandardCharsets.UTF_8));
        } catch (MalformedMessageException expected) {
            // refused with a reason: fine
        }
    }

    @FuzzTest(maxDuration = "60s")
    void authenticationHeaders(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Sealed.parse(text);
        } catch (IllegalArgumentException expected) {
            // refused with a reason: fine
        }
        // Whatever arrives, bob's layer delivers it bare, or authenticated by alice, or drops it.
        Transport wire = new Transport() {
            Consumer<Datagram> receiver;

            public Endpoint local() {
                return new Endpoint("127.0.0.1", 9002);
            }

            public void start(Consumer<Datagram> r) {
                receiver = r;
                r.accept(new Datagram(A, text));
                r.accept(new Datagram(A, "@mac=" + text));
            }

            public void send(Endpoint to, String t) {
            }

            public void close() {
            }
        };
        AuthenticatingTransport bob = new AuthenticatingTransport(wire,
                new AuthContext(BOB, new FixedKeys().with(A, ALICE.publicKey()), line -> { }));
        bob.start(d -> {
            if (d.authenticated()) {
                throw new AssertionError("a fuzzed datagram was taken as alice's: " + d.text());
            }
        });
        // A receiver that accepts any key, as the bank does, computes a link key for whatever
        // key the datagram names: a malformed or low-order key must be dropped, not thrown.
        AuthenticatingTransport bank = new AuthenticatingTransport(wire, new AuthContext(BOB, new KeyDirectory() {
            public java.util.Optional<String> keyAt(Endpoint endpoint) {
                return java.util.Optional.empty();
            }

            public boolean accepts(String publicKey) {
                return true;
            }
        }, line -> { }));
        bank.start(d -> { });
    }

    @FuzzTest(maxDuration = "60s")
    void keyFile(byte[] input) {
        try {
            Identity.parse(new String(input, StandardCharsets.UTF_8));
        } catch (KeyFileException expected) {
            // refused with a reason: fine
        }
    }
}
