package cohortbank.common.net;

import cohortbank.common.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A process's fault injection: the {@link FaultPlan} in force, which the {@code faults}
 * console command replaces mid-run, and the {@link FaultyTransport}s that apply it.
 *
 * <p>Each transport it wraps gets its own {@link Random}, seeded from the process's fault seed
 * and the order of wrapping, so a run with the same seed draws the same faults. Thread-safe:
 * the console thread sets the plan, the event loop reads it.
 */
public final class FaultControl implements TransportLayer {

    private final long seed;
    private volatile FaultPlan plan;
    private volatile FaultObserver observer = FaultObserver.NONE;
    private final List<FaultyTransport> wrapped = new ArrayList<>();

    public FaultControl(FaultPlan plan, long seed) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.seed = seed;
    }

    /** No faults to begin with; the console may still add some. */
    public static FaultControl none(long seed) {
        return new FaultControl(FaultPlan.NONE, seed);
    }

    public FaultPlan plan() {
        return plan;
    }

    /** Replaces the plan; the next datagram sent already follows it. */
    public void set(FaultPlan next) {
        plan = Objects.requireNonNull(next, "plan");
    }

    /** Who is told of every datagram dropped or duplicated from now on (a trace). */
    public void observe(FaultObserver next) {
        observer = Objects.requireNonNull(next, "observer");
    }

    public long seed() {
        return seed;
    }

    @Override
    public synchronized Transport wrap(Transport transport, Scheduler scheduler) {
        FaultyTransport faulty = new FaultyTransport(transport, scheduler, this::plan,
                new Random(seed + 0x9E3779B97F4A7C15L * wrapped.size()), () -> observer);
        wrapped.add(faulty);
        return faulty;
    }

    /** The counts of every transport wrapped so far, added up. */
    public synchronized FaultyTransport.Stats stats() {
        long offered = 0, dropped = 0, duplicated = 0, reordered = 0, delayed = 0;
        for (FaultyTransport t : wrapped) {
            FaultyTransport.Stats s = t.stats();
            offered += s.offered();
            dropped += s.dropped();
            duplicated += s.duplicated();
            reordered += s.reordered();
            delayed += s.delayed();
        }
        return new FaultyTransport.Stats(offered, dropped, duplicated, reordered, delayed);
    }
}
