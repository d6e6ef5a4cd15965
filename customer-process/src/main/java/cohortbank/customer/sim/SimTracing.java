package cohortbank.customer.sim;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultObserver;
import cohortbank.common.net.TransportLayer;
import cohortbank.common.sim.SimulatedScheduler;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.trace.Tracer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The traces of a simulated run, written as real processes write theirs ({@link Tracer}): one
 * {@code DIR/<name>.trace} per process, stamped with virtual time from {@link #EPOCH}, so that
 * {@code scripts/trace DIR} (or {@link cohortbank.common.trace.TraceTool}) draws the run.
 *
 * <p>A killed customer's file is closed without a quit, so its restart records a crash, as
 * after a real {@code kill -9}. The network tells it of the datagrams it dropped or duplicated
 * ({@link #observerFor}); they are recorded in the sender's trace. Event loop only.
 */
final class SimTracing {

    /** Virtual time 0 of every simulated run, as the traces show it. */
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    /** Traces nothing. */
    static final SimTracing NONE = new SimTracing(null);

    private final Path dir;
    private final Map<String, Tracer> open = new HashMap<>();
    private final Map<Endpoint, String> hostAt = new HashMap<>();
    private LongSupplier now = () -> 0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return EPOCH.plusMillis(now.getAsLong());
        }
    };

    private SimTracing(Path dir) {
        this.dir = dir;
    }

    /**
     * Traces into {@code dir} (created when missing), once {@link #onTime} says on what virtual
     * time. Trace files an earlier run left there are removed: a run's traces are its own.
     */
    static SimTracing into(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.trace")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
        return new SimTracing(dir);
    }

    /** Stamps events with the virtual time of {@code scheduler}. */
    void onTime(SimulatedScheduler scheduler) {
        if (enabled()) {
            now = scheduler::now;
        }
    }

    boolean enabled() {
        return dir != null;
    }

    /**
     * Opens (or, after a kill, reopens) {@code host}'s trace, bound to its endpoints; returns
     * the layer that traces the host's transports.
     */
    TransportLayer start(String host, Endpoint... endpoints) {
        if (!enabled()) {
            return TransportLayer.NONE;
        }
        try {
            Tracer tracer = Tracer.open(dir.resolve(host + ".trace"), host, clock);
            open.put(host, tracer);
            for (Endpoint e : endpoints) {
                hostAt.put(e, host);
            }
            return tracer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace of " + host + " in " + dir, e);
        }
    }

    void record(String host, ProtocolEvent event) {
        Tracer tracer = open.get(host);
        if (tracer != null) {
            tracer.record(event);
        }
    }

    /** {@code host} was killed: its file ends without a quit, so the next start records a crash. */
    void killed(String host) {
        Tracer tracer = open.remove(host);
        if (tracer != null) {
            tracer.close();
        }
    }

    /** The run is over: closes every trace as it stands. */
    void close() {
        open.values().forEach(Tracer::close);
        open.clear();
    }

    /** Who records what the network did to a datagram {@code from} sent: its sender's trace. */
    FaultObserver observerFor(Endpoint from) {
        Tracer tracer = open.get(hostAt.get(from));
        return tracer == null ? FaultObserver.NONE : tracer;
    }
}
