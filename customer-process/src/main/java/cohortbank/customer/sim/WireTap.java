package cohortbank.customer.sim;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.ForwardingTransport;
import cohortbank.common.net.Transport;
import cohortbank.common.time.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * What an eavesdropper on the simulated network has seen: the latest datagrams sent, exactly
 * as they went on the wire (sealed), with their destinations. {@link #tap} puts a transport
 * under watch; the {@link Attacker} replays and alters what was seen. Event loop only.
 */
final class WireTap {

    /** One datagram as it was sent. */
    record Seen(Endpoint to, String text) {
    }

    private static final int KEPT = 512;

    private final List<Seen> seen = new ArrayList<>();
    private int next;
    private final List<Late> late = new ArrayList<>();

    /**
     * A rule that sends late what {@code from} sends to {@code to} containing {@code marker}:
     * each such datagram goes on the wire {@code millis} after it was handed over, as UDP may
     * deliver a datagram long after later ones.
     */
    record Late(Endpoint from, Endpoint to, String marker, long millis, Scheduler scheduler) {
    }

    /** From now on, the datagrams {@code rule} names go late too. */
    void late(Late rule) {
        late.add(rule);
    }

    /** From now on, every datagram goes on the wire when sent. */
    void onTime() {
        late.clear();
    }

    /** {@code inner}, whose every send is also recorded here. */
    Transport tap(Transport inner) {
        return new ForwardingTransport(inner) {
            @Override
            public void send(Endpoint to, String text) {
                record(new Seen(to, text));
                for (Late rule : late) {
                    if (rule.from().equals(local()) && rule.to().equals(to) && text.contains(rule.marker())) {
                        rule.scheduler().schedule(rule.millis(), () -> inner.send(to, text));
                        return;
                    }
                }
                inner.send(to, text);
            }
        };
    }

    private void record(Seen s) {
        if (seen.size() < KEPT) {
            seen.add(s);
        } else {
            seen.set(next, s);
            next = (next + 1) % KEPT;
        }
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }
}
