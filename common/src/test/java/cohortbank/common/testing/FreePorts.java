package cohortbank.common.testing;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.LoopbackPorts;
import java.io.IOException;
import java.util.List;

/**
 * Free UDP ports on 127.0.0.1 for tests on real sockets ({@link LoopbackPorts}). Another
 * process may take a probed port before the test binds it, so binding can still fail (rarely):
 * use {@link #bind} to retry on a fresh port.
 */
public final class FreePorts {

    public static final String LOOPBACK = LoopbackPorts.LOOPBACK;

    private static final int ATTEMPTS = 5;

    private FreePorts() {
    }

    /** Something that binds an endpoint, such as {@code e -> UdpTransport.bind(e, loop, l)}. */
    @FunctionalInterface
    public interface Binder<T> {
        T bind(Endpoint endpoint) throws IOException;
    }

    /** A port on 127.0.0.1 that was free a moment ago, in the range {@link Endpoint} accepts. */
    public static Endpoint endpoint() {
        return endpoints(1).get(0);
    }

    /** {@code count} distinct such endpoints. */
    public static List<Endpoint> endpoints(int count) {
        return LoopbackPorts.probe(count);
    }

    /** Binds a free endpoint with {@code binder}, trying fresh ports if one was taken meanwhile. */
    public static <T> T bind(Binder<T> binder) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return binder.bind(endpoint());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }
}
