package cohortbank.customer.runner;

import cohortbank.common.net.LoopbackPorts;
import java.util.HashSet;
import java.util.Set;

/**
 * Free UDP ports on 127.0.0.1 for one run ({@link LoopbackPorts}); the processes bind them
 * themselves. A port is never handed out twice in one run, so a restarted customer keeps its
 * ports and nobody else gets them.
 */
final class PortPicker {

    static final String LOOPBACK = LoopbackPorts.LOOPBACK;

    private final Set<Integer> handedOut = new HashSet<>();

    /** A port that was free a moment ago and is new to this run. */
    int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = LoopbackPorts.probe(1).get(0).port();
            if (handedOut.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no new free UDP port on " + LOOPBACK + " after 100 probes");
    }
}
