package cohortbank.common.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * UDP ports on 127.0.0.1 that were free a moment ago, for whatever starts processes or binds
 * sockets on loopback (the scenario runner, tests on real sockets).
 *
 * <p>{@link Endpoint} refuses port 0, so nothing can ask the OS to pick at bind time; instead
 * the OS picks a port for a probe socket, which is closed before the port is handed out.
 * Another process may take the port in between, so binding it can still fail (rarely).
 */
public final class LoopbackPorts {

    public static final String LOOPBACK = "127.0.0.1";

    private LoopbackPorts() {
    }

    /**
     * {@code count} distinct free endpoints, each in the range {@link Endpoint} accepts (the
     * probes are held open together, so none repeats).
     *
     * @throws UncheckedIOException when no probe socket can be opened
     */
    public static List<Endpoint> probe(int count) {
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
}
