package cohortbank.common.sim;

import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultObserver;
import cohortbank.common.net.LinkFaults;
import cohortbank.common.net.Transport;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A simulated UDP network on a {@link SimulatedScheduler}: it loses, duplicates, delays,
 * reorders (as the real {@code FaultyTransport} does, through {@link LinkFaults#fate}) and
 * partitions datagrams, with one seeded {@link Random} as its only source of chance,
 * so the same seed and the same sends give the same deliveries at the same virtual times.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #transport} binds an endpoint; binding one that is bound and open throws
 *       {@link IllegalStateException}. After its transport is closed the endpoint may be bound
 *       again, which is how a test restarts a crashed process.</li>
 *   <li>{@link Transport#send} never throws. Which {@link LinkFaults} apply is decided per
 *       datagram: those set for the directed link, else those set for the sender, else the
 *       default. Text over {@link Transport#MAX_DATAGRAM_BYTES} bytes of UTF-8 is dropped, as
 *       the real transport drops it. Each copy is delivered by a scheduler event, so receivers
 *       run one at a time, never inside {@code send}.</li>
 *   <li>A copy is dropped silently if, when it is due, its destination is unbound, closed,
 *       not yet started, or was closed at any moment since the copy was sent (a crash loses
 *       what was in flight to the crashed process, even if it restarted since), or if the
 *       link is cut by a partition either when it was sent or when it is due.</li>
 *   <li>Counters: every send on an open transport is {@code sent}; every extra copy is
 *       {@code duplicated}; every copy ends up {@code delivered} or {@code dropped}. Once the
 *       scheduler is idle, {@code sent + duplicated == delivered + dropped}.</li>
 * </ul>
 * Not thread-safe: drive it from the scheduler's caller only.
 */
public final class InMemoryNetwork {

    /**
     * A perfect simulated link: nothing lost or duplicated, everything arrives 1 ms later, in
     * order. (A real perfect link is {@link LinkFaults#NONE}; the simulated one keeps a tick so
     * that a delivery is always an event of its own, after the send.)
     */
    public static final LinkFaults PERFECT_LINK = LinkFaults.delayed(1, 1);

    private record Link(Endpoint from, Endpoint to) {
    }

    private final SimulatedScheduler scheduler;
    private final Random random;
    private final Map<Endpoint, SimTransport> bound = new HashMap<>();
    // Bumped each time an endpoint's transport closes; a copy remembers the value it was sent
    // under, which is how a crash drops exactly what was in flight to the crashed process.
    private final Map<Endpoint, Long> closures = new HashMap<>();
    private final Set<Link> cut = new HashSet<>();
    private final Set<Endpoint> isolated = new HashSet<>();
    private final Map<Link, LinkFaults> linkFaults = new HashMap<>();
    private final Map<Endpoint, LinkFaults> senderFaults = new HashMap<>();
    private LinkFaults defaultFaults = PERFECT_LINK;
    private Function<Endpoint, FaultObserver> observers =
            from -> FaultObserver.NONE;
    private long sent;
    private long delivered;
    private long dropped;
    private long duplicated;

    /**
     * @param random the only source of chance; seed it and print the seed, so a failing run
     *               can be replayed exactly
     */
    public InMemoryNetwork(SimulatedScheduler scheduler, Random random) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Binds {@code local} and returns its transport; see the class contract. */
    public Transport transport(Endpoint local) {
        SimTransport existing = bound.get(local);
        if (existing != null && !existing.closed) {
            throw new IllegalStateException("endpoint " + local + " is already bound");
        }
        SimTransport transport = new SimTransport(local);
        bound.put(local, transport);
        return transport;
    }

    /**
     * From now on tells the observer {@code bySender} gives for a datagram's sender of every
     * copy dropped (lost, cut, too large, or arriving at a closed endpoint) and every duplicate,
     * so that a trace can show them.
     */
    public void observeFaults(Function<Endpoint, FaultObserver> bySender) {
        observers = Objects.requireNonNull(bySender, "bySender");
    }

    /** Faults for every link that has no more specific setting. Initially {@link #PERFECT_LINK}. */
    public void setDefaultFaults(LinkFaults faults) {
        defaultFaults = Objects.requireNonNull(faults, "faults");
    }

    /** Faults for everything {@code from} sends, unless the link has its own. */
    public void setFaultsFrom(Endpoint from, LinkFaults faults) {
        senderFaults.put(from, Objects.requireNonNull(faults, "faults"));
    }

    /** Faults for the directed link {@code from -> to}; the other direction is unaffected. */
    public void setLinkFaults(Endpoint from, Endpoint to, LinkFaults faults) {
        linkFaults.put(new Link(from, to), Objects.requireNonNull(faults, "faults"));
    }

    /** Forgets every per-sender and per-link setting; the default stays. */
    public void clearFaultOverrides() {
        senderFaults.clear();
        linkFaults.clear();
    }

    /** The faults that apply to a datagram from {@code from} to {@code to} right now. */
    public LinkFaults faults(Endpoint from, Endpoint to) {
        LinkFaults link = linkFaults.get(new Link(from, to));
        if (link != null) {
            return link;
        }
        return senderFaults.getOrDefault(from, defaultFaults);
    }

    /** Cuts both directions between {@code a} and {@code b} until {@link #heal}. */
    public void partition(Endpoint a, Endpoint b) {
        block(a, b);
        block(b, a);
    }

    /** Cuts the one direction {@code from -> to} until {@link #heal}, e.g. to lose only replies. */
    public void block(Endpoint from, Endpoint to) {
        cut.add(new Link(from, to));
    }

    /** Cuts {@code endpoint} off from everyone, itself included, until {@link #heal}. */
    public void isolate(Endpoint endpoint) {
        isolated.add(endpoint);
    }

    /** Removes every partition, block and isolation. Fault settings stay. */
    public void heal() {
        cut.clear();
        isolated.clear();
    }

    /** True when a datagram from {@code from} to {@code to} would be lost to a partition now. */
    public boolean isCut(Endpoint from, Endpoint to) {
        return isolated.contains(from) || isolated.contains(to) || cut.contains(new Link(from, to));
    }

    public long sent() {
        return sent;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped() {
        return dropped;
    }

    public long duplicated() {
        return duplicated;
    }

    private void send(Endpoint from, Endpoint to, String text) {
        sent++;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Transport.MAX_DATAGRAM_BYTES || isCut(from, to)) {
            dropped++;
            observers.apply(from).dropped(to, text, isCut(from, to) ? "cut" : "size");
            return;
        }
        // The draws happen in a fixed order per send (see LinkFaults.fate), so a seed replays.
        LinkFaults.Fate fate = faults(from, to).fate(random);
        if (fate.dropped()) {
            dropped++;
            observers.apply(from).dropped(to, text, "loss");
            return;
        }
        if (fate.duplicated()) {
            duplicated++;
            observers.apply(from).duplicated(to, text);
        }
        // The receiver sees the text as UDP would carry it: encoded and decoded as UTF-8.
        Datagram datagram = new Datagram(from, new String(bytes, StandardCharsets.UTF_8));
        long closuresAtSend = closures.getOrDefault(to, 0L);
        for (long delay : fate.delays()) {
            scheduler.schedule(delay, () -> deliver(to, datagram, closuresAtSend));
        }
    }

    private void deliver(Endpoint to, Datagram datagram, long closuresAtSend) {
        SimTransport target = bound.get(to);
        if (target == null || target.closed || target.receiver == null
                || closures.getOrDefault(to, 0L) != closuresAtSend
                || isCut(datagram.from(), to)) {
            dropped++;
            observers.apply(datagram.from()).dropped(to, datagram.text(), isCut(datagram.from(), to) ? "cut" : "down");
            return;
        }
        delivered++;
        target.receiver.accept(datagram);
    }

    private void closed(Endpoint local) {
        closures.merge(local, 1L, Long::sum);
    }

    /** One process's view of the network: the transport bound to one endpoint. */
    private final class SimTransport implements Transport {
        final Endpoint local;
        Consumer<Datagram> receiver;
        boolean closed;

        SimTransport(Endpoint local) {
            this.local = local;
        }

        @Override
        public Endpoint local() {
            return local;
        }

        @Override
        public void start(Consumer<Datagram> receiver) {
            if (this.receiver != null) {
                throw new IllegalStateException("already started");
            }
            this.receiver = Objects.requireNonNull(receiver, "receiver");
        }

        @Override
        public void send(Endpoint to, String text) {
            // Like a send on a closed socket: it never reaches the network.
            if (!closed) {
                InMemoryNetwork.this.send(local, to, text);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                closed(local);
            }
        }

        @Override
        public String toString() {
            return "sim-udp " + local + (closed ? " (closed)" : "");
        }
    }
}
