package cohortbank.common.security;

import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.crypto.Mac;

/**
 * A {@link Transport} decorator that authenticates every datagram and refuses replays.
 *
 * <p>Each datagram to a peer whose key is known leaves as
 * <pre>
 *   @mac=M @key=K @ep=E @seq=N @to=T &lt;datagram&gt;
 * </pre>
 * where K is the sender's public key, E its epoch (its life: grows at every start, durably),
 * N its datagram counter in that life, T the receiver's epoch as the sender last learned it
 * (0 when unknown), and M the HMAC-SHA256, under the key of the link sender → receiver
 * ({@link LinkKeys}), of everything after {@code "@mac=M "}.
 *
 * <p>On receipt a datagram is delivered, with K as its {@link Datagram#sender()}, only when K
 * is one the {@link KeyDirectory} accepts, M is right, (E, N) is new in K's
 * {@link ReplayWindow}, and T is this process's current epoch. The last rule makes replays of
 * datagrams captured before this process restarted useless, since the windows themselves
 * live in memory: a datagram whose T is stale is answered with an authenticated
 * {@code auth-hello} that tells the sender the current epoch, and the sender re-sends the
 * latest datagrams it sealed with T = 0 (before it knew any life of that peer, so none was
 * taken); datagrams sealed for an earlier life are left to the protocols' own retransmission. Everything else that carries {@code @mac}
 * is dropped and counted ({@link DropLog}), never answered. A datagram without {@code @mac}
 * (a person's {@code nc -u}) is delivered bare, with no sender; so is what this process sends
 * to an address whose key it does not know (the answer to such a person).
 *
 * <p>Keeps the wrapped transport's contract; event loop only.
 */
public final class AuthenticatingTransport implements Transport {

    /** What an authenticated datagram starts with. */
    public static final String MAC_HEADER = "@mac=";
    /** The inner text of the message telling a peer this process's epoch. */
    static final String HELLO = "auth-hello";
    /** Bytes the authentication headers add at most. */
    public static final int OVERHEAD = 256;
    private static final int RESEND_DEPTH = 8;
    private static final int MAX_WINDOWS = 65_536;
    private static final int MAX_REMEMBERED = 4096;

    private final Transport inner;
    private final AuthContext auth;
    private final Map<String, ReplayWindow> windows = new LinkedHashMap<>();
    /** Keys that recently authenticated a datagram from an address, so answers can be sealed. */
    private final Map<Endpoint, String> learned = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Endpoint, String> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    /** The latest datagrams sent to each address, re-sent when the peer turns out to be in a new epoch. */
    private final Map<Endpoint, ArrayDeque<String>> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Endpoint, ArrayDeque<String>> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    public AuthenticatingTransport(Transport inner, AuthContext auth) {
        this.inner = inner;
        this.auth = auth;
    }

    @Override
    public Endpoint local() {
        return inner.local();
    }

    @Override
    public void start(Consumer<Datagram> receiver) {
        inner.start(d -> receive(d, receiver));
    }

    @Override
    public void send(Endpoint to, String text) {
        Optional<String> peer = keyAt(to);
        if (auth.identity() == null || peer.isEmpty()) {
            inner.send(to, text);
            return;
        }
        long peerEpoch = auth.epochOf(peer.get());
        if (peerEpoch == 0) {
            // Sealed before we know the peer's life: refused for sure, so sent again once we do.
            // A datagram sealed for a known life is never sent again by this layer: the old
            // life may have taken it, and a restarted peer, whose caches are gone, would act on
            // an answered request twice. What a restart really lost, the protocols re-send.
            ArrayDeque<String> latest = recent.computeIfAbsent(to, e -> new ArrayDeque<>());
            if (latest.size() == RESEND_DEPTH) {
                latest.removeFirst();
            }
            latest.addLast(text);
        }
        seal(to, peer.get(), peerEpoch, text);
    }

    private Optional<String> keyAt(Endpoint to) {
        Optional<String> known = auth.directory().keyAt(to);
        return known.isPresent() ? known : Optional.ofNullable(learned.get(to));
    }

    private void seal(Endpoint to, String peer, long peerEpoch, String text) {
        Identity self = auth.identity();
        String signed = "@key=" + self.publicKey() + " @ep=" + self.epoch() + " @seq=" + auth.nextSequence()
                + " @to=" + peerEpoch + " " + text;
        String mac;
        try {
            mac = encode(mac(auth.links().towards(peer), signed));
        } catch (IllegalArgumentException unusableKey) {
            auth.drops().dropped("unusable peer key", "not sent to " + to + ": " + unusableKey.getMessage());
            return;
        }
        inner.send(to, MAC_HEADER + mac + " " + signed);
    }

    private void receive(Datagram d, Consumer<Datagram> receiver) {
        String text = d.text();
        if (!text.startsWith(MAC_HEADER)) {
            receiver.accept(new Datagram(d.from(), text, null));
            return;
        }
        Sealed s;
        try {
            s = Sealed.parse(text);
        } catch (IllegalArgumentException bad) {
            drop("malformed authentication header", d, bad.getMessage());
            return;
        }
        Identity self = auth.identity();
        if (self == null) {
            drop("no identity yet", d, "");
            return;
        }
        if (s.key().equals(self.publicKey())) {
            drop("own key", d, "a datagram of ours sent back");
            return;
        }
        if (!auth.directory().accepts(s.key())) {
            drop("unknown sender", d, "key " + PublicKeys.fingerprint(s.key()));
            return;
        }
        try {
            byte[] expected = mac(auth.links().from(s.key()), s.signed());
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(s.mac()))) {
                drop("forged or altered", d, "bad MAC under key " + PublicKeys.fingerprint(s.key()));
                return;
            }
        } catch (IllegalArgumentException unusable) {
            drop("forged or altered", d, unusable.getMessage());
            return;
        }
        if (!window(s.key()).accept(s.epoch(), s.seq())) {
            drop("replayed or too old", d, "epoch " + s.epoch() + " seq " + s.seq() + " of " + PublicKeys.fingerprint(s.key()));
            return;
        }
        learned.put(d.from(), s.key());
        if (s.to() != self.epoch()) {
            // Sealed for an earlier life of ours (or before the sender knew ours): maybe a replay,
            // so not delivered; the sender learns our epoch and re-sends what is still wanted.
            // @to=0 is an ordinary first contact; anything else is a peer (or a replay) from before our restart.
            drop(s.to() == 0 ? "first contact, epoch told" : "addressed to an earlier epoch", d,
                    "epoch " + s.to() + ", ours is " + self.epoch());
            seal(d.from(), s.key(), s.epoch(), HELLO);
            return;
        }
        if (auth.learnEpoch(s.key(), s.epoch())) {
            resendTo(s.key());
        }
        if (!s.body().equals(HELLO)) {
            receiver.accept(new Datagram(d.from(), s.body(), s.key()));
        }
    }

    /** We learned the peer's epoch: what we sealed before knowing it was refused, so it goes again. */
    private void resendTo(String peer) {
        List<Map.Entry<Endpoint, ArrayDeque<String>>> targets = new ArrayList<>();
        for (Map.Entry<Endpoint, ArrayDeque<String>> e : recent.entrySet()) {
            if (keyAt(e.getKey()).filter(peer::equals).isPresent()) {
                targets.add(e);
            }
        }
        long epoch = auth.epochOf(peer);
        for (Map.Entry<Endpoint, ArrayDeque<String>> e : targets) {
            for (String text : List.copyOf(e.getValue())) {
                seal(e.getKey(), peer, epoch, text);
            }
            e.getValue().clear();
        }
    }

    private ReplayWindow window(String key) {
        ReplayWindow w = windows.get(key);
        if (w == null) {
            if (windows.size() >= MAX_WINDOWS) {
                windows.remove(windows.keySet().iterator().next());
            }
            w = new ReplayWindow();
            windows.put(key, w);
        }
        return w;
    }

    private void drop(String reason, Datagram d, String detail) {
        String shown = d.text().length() > 120 ? d.text().substring(0, 117) + "..." : d.text();
        auth.drops().dropped(reason, "from " + d.from() + (detail.isEmpty() ? "" : ", " + detail) + ": " + shown);
    }

    private static byte[] mac(Mac keyed, String text) {
        return keyed.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        inner.close();
    }
}
