package cohortbank.customer.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * Free UDP ports on 127.0.0.1 for one run. The OS picks each port for a probe socket, closed
 * before the port is handed out (the processes must bind it themselves); a port is never handed
 * out twice in one run, so a restarted customer keeps its ports and nobody else gets them.
 */
final class PortPicker {

    static final String LOOPBACK = "127.0.0.1";

    private static final int MIN_PORT = 1024;

    private final Set<Integer> handedOut = new HashSet<>();

    /** A port that was free a moment ago and is new to this run. */
    int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                int port = probe.getLocalPort();
                if (port >= MIN_PORT && handedOut.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free UDP port on " + LOOPBACK, e);
            }
        }
        throw new IllegalStateException("no new free UDP port on " + LOOPBACK + " after 100 probes");
    }
}
