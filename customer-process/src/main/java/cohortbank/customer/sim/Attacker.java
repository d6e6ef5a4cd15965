package cohortbank.customer.sim;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.common.security.AuthContext;
import cohortbank.common.security.AuthenticatingTransport;
import cohortbank.common.security.Identity;
import cohortbank.common.security.KeyDirectory;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Someone on the simulated network who is no member of anything: at each step it replays
 * datagrams it saw (to where they went, or elsewhere), alters one character of one, sends
 * forged bare messages (transfers, instance requests and decisions, acknowledgements, bank
 * notices and requests), and sends forged messages sealed with a key of its own. Nothing it
 * does may break an invariant. Its draws come from its own {@link Random}.
 */
final class Attacker {

    static final Endpoint ADDRESS = new Endpoint("127.0.0.1", 19998);

    private final SimCluster cluster;
    private final Random random;
    private final Transport bare;
    private final Transport sealed;
    private long ids;

    Attacker(SimCluster cluster, Random random) {
        this.cluster = cluster;
        this.random = random;
        Transport raw = cluster.network.transport(ADDRESS);
        this.bare = raw;
        // Its own key, which nobody accepts; it seals for whoever it writes to, as anyone can.
        KeyDirectory everyone = new KeyDirectory() {
            @Override
            public Optional<String> keyAt(Endpoint endpoint) {
                return Optional.of(cluster.publicKeyAt(endpoint));
            }

            @Override
            public boolean accepts(String publicKey) {
                return false;
            }
        };
        this.sealed = new AuthenticatingTransport(raw, new AuthContext(Identity.seeded(-1), everyone, line -> { }));
        sealed.start(d -> { });
    }

    /** One to four attacks. */
    void burst() {
        for (int a = random.nextInt(4); a >= 0; a--) {
            step();
        }
    }

    /** One attack, drawn at random. */
    private void step() {
        List<WireTap.Seen> seen = cluster.wire.seen();
        int kind = random.nextInt(6);
        if (seen.isEmpty() || kind >= 3) {
            forge(kind % 3);
            return;
        }
        WireTap.Seen s = seen.get(random.nextInt(seen.size()));
        switch (kind) {
            case 0 -> bare.send(s.to(), s.text());
            case 1 -> bare.send(anyEndpoint(), s.text());
            default -> bare.send(s.to(), alter(s.text()));
        }
        cluster.trace("attacker " + (kind == 0 ? "replays" : kind == 1 ? "replays elsewhere" : "alters") + " a datagram");
    }

    private String alter(String text) {
        int at = random.nextInt(text.length());
        char c = (char) (' ' + 1 + random.nextInt(94));
        return text.substring(0, at) + c + text.substring(at + 1);
    }

    private void forge(int how) {
        List<String> names = List.copyOf(cluster.names());
        String victim = names.get(random.nextInt(names.size()));
        String claimed = names.get(random.nextInt(names.size()));
        SimCluster.Handle h = cluster.handle(victim);
        long n = 1 + random.nextInt(50);
        String id = "@id=atk-" + (++ids) + " ";
        String[] peerForgeries = {
            "transfer " + claimed + " " + n + " " + (n - 1) + " 250.00",
            "transfer-ack " + claimed + " " + n + " " + random.nextInt(3),
            "ckpt-received " + claimed + " " + n,
            id + "ckpt-request " + claimed + " " + claimed + ":" + n + " " + n + " 6000",
            id + "ckpt-decision " + claimed + " " + claimed + ":" + n + " commit",
            id + "rb-request " + claimed + " " + claimed + ":" + n + " 0 " + n + " 6000",
            id + "rb-decision " + claimed + " " + claimed + ":" + n + " commit",
            id + "resync " + claimed + " 0 " + random.nextInt(3),
        };
        String[] bankForgeries = {
            id + "cohort-deleted " + (h.alive() ? h.node().cohortId() : 1),
            id + "cohort-formed 99 " + victim + "@" + h.port2,
        };
        String[] toBank = {
            id + "report-balance " + victim + " 999999 " + (1000 + n),
            id + "delete-cohort " + victim,
            id + "exit " + victim,
            id + "open " + victim + " 1 127.0.0.1 30001 30002",
        };
        Transport out = how == 0 ? bare : sealed;
        switch (random.nextInt(3)) {
            case 0 -> out.send(h.port2, peerForgeries[random.nextInt(peerForgeries.length)]);
            case 1 -> out.send(h.port1, bankForgeries[random.nextInt(bankForgeries.length)]);
            default -> out.send(SimCluster.BANK, toBank[random.nextInt(toBank.length)]);
        }
        cluster.trace("attacker forges a " + (how == 0 ? "bare" : "sealed") + " message to " + victim);
    }

    private Endpoint anyEndpoint() {
        List<String> names = List.copyOf(cluster.names());
        SimCluster.Handle h = cluster.handle(names.get(random.nextInt(names.size())));
        return switch (random.nextInt(3)) {
            case 0 -> h.port1;
            case 1 -> h.port2;
            default -> SimCluster.BANK;
        };
    }
}
