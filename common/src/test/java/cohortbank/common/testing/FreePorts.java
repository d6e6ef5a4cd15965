package cohortbank.common.testing;

import cohortbank.common.net.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Free UDP ports on 127.0.0.1 for tests on real sockets.
 *
 * <p>{@link Endpoint} refuses port 0, so a test cannot ask the OS to pick at bind time; instead
 * the OS picks a port for a probe socket, which is closed before the port is handed out. Another
 * process may take the port in between, so binding it can still fail (rarely): use
 * {@link #bind} to retry on a fresh port.
 */
public final class FreePorts {

    public static final String LOOPBACK = "127.0.0.1";

    private static final int ATTEMPTS = 5;

    private FreePorts() {
    }

    /** Something that binds an endpoint, such as {@code e -> UdpTransport.bind(e, loop::execute, l)}. */
    @FunctionalInterface
    public interface Binder<T> {
        T bind(Endpoint endpoint) throws IOException;
    }

    /** A port on 127.0.0.1 that was free a moment ago, in the range {@link Endpoint} accepts. */
    public static Endpoint endpoint() {
        return endpoints(1).get(0);
    }

    /** {@code count} distinct such endpoints (probes are held open together so none repeats). */
    public static List<Endpoint> endpoints(int count) {
        List<DatagramSocket> probes = new ArrayList<>();
        try {
            List<Endpoint> endpoints = new ArrayList<>();
            while (endpoints.size() < count) {
                DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                probes.add(probe);
                // Ephemeral ports are above 1024 on every usual OS; skip any that is not.
                if (probe.getLocalPort() >= Endpoint.MIN_PORT) {
                    endpoints.add(new Endpoint(LOOPBACK, probe.getLocalPort()));
                }
            }
            return endpoints;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free UDP port on " + LOOPBACK, e);
        } finally {
            probes.forEach(DatagramSocket::close);
        }
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
