package cohortbank.common.net;

import cohortbank.common.time.Scheduler;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A {@link Transport} decorator that makes a real network hostile on purpose: it applies the
 * current {@link FaultPlan} to every datagram this process sends, link by link (see
 * {@link LinkFaults} for what each fault means). Receiving is untouched: the sender's faults
 * are the link's faults, so a process's own plan never hides what its peers inject.
 *
 * <p>Delayed and held-back copies are sent later by a task on the owner's {@link Scheduler},
 * never by a thread of this class. A held-back ("reordered") copy waits an extra
 * {@value LinkFaults#HOLD_BACK_MIN_MILLIS}–{@value LinkFaults#HOLD_BACK_MAX_MILLIS} ms on top of its delay, so the
 * datagrams sent just after it arrive first.
 *
 * <p>All draws come from the one {@link Random} given at construction, through
 * {@link LinkFaults#fate}, so a seed and the same sequence of sends replay the same faults. Sending follows
 * the {@link Transport} contract: never blocks for long, never throws.
 */
public final class FaultyTransport extends ForwardingTransport {

    /** What happened to the datagrams handed to {@link #send} so far. */
    public record Stats(long offered, long dropped, long duplicated, long reordered, long delayed) {
    }

    private final Scheduler scheduler;
    private final Supplier<FaultPlan> plan;
    private final Random random;
    private final Supplier<FaultObserver> observer;
    private long offered;
    private long dropped;
    private long duplicated;
    private long reordered;
    private long delayed;

    /**
     * @param plan read at every send, so a plan changed mid-run applies from the next datagram
     */
    public FaultyTransport(Transport inner, Scheduler scheduler, Supplier<FaultPlan> plan, Random random) {
        this(inner, scheduler, plan, random, () -> FaultObserver.NONE);
    }

    /**
     * @param observer read at every drop and duplication, and told of it (a trace records them)
     */
    public FaultyTransport(Transport inner, Scheduler scheduler, Supplier<FaultPlan> plan, Random random,
            Supplier<FaultObserver> observer) {
        super(inner);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.random = Objects.requireNonNull(random, "random");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public synchronized void send(Endpoint to, String text) {
        offered++;
        LinkFaults faults = plan.get().forLink(to);
        if (faults.none()) {
            inner.send(to, text);
            return;
        }
        LinkFaults.Fate fate = faults.fate(random);
        if (fate.dropped()) {
            dropped++;
            observer.get().dropped(to, text, "loss");
            return;
        }
        if (fate.duplicated()) {
            duplicated++;
            observer.get().duplicated(to, text);
        }
        reordered += fate.heldBack();
        for (long delay : fate.delays()) {
            if (delay == 0) {
                inner.send(to, text);
            } else {
                delayed++;
                scheduler.schedule(delay, () -> inner.send(to, text));
            }
        }
    }

    /** The counts so far; every copy counts once in {@code delayed} when it waited. */
    public synchronized Stats stats() {
        return new Stats(offered, dropped, duplicated, reordered, delayed);
    }
}
