package cohortbank.common.sim;

import cohortbank.common.time.Cancellable;
import cohortbank.common.time.Scheduler;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on virtual time, driven step by step by its caller: no threads, no wall
 * clock, so one simulated run replays exactly.
 *
 * <p>Contract:
 * <ul>
 *   <li>Time starts at the given origin (0 by default) and only moves when the caller runs
 *       events; it never goes backwards.</li>
 *   <li>Events run in order of (due time, scheduling order): two events due at the same
 *       millisecond run in the order they were scheduled, so ties never depend on hashing
 *       or timing.</li>
 *   <li>A cancelled event never runs; cancelling after it ran, or twice, is harmless.</li>
 *   <li>An exception thrown by a task propagates out of the {@code run*} call that ran it;
 *       the event is consumed and the scheduler stays usable. Unlike the real event loop,
 *       nothing is swallowed: a test wants to see its failure.</li>
 *   <li>Not thread-safe; a task must not itself call a {@code run*} method.</li>
 * </ul>
 */
public final class SimulatedScheduler implements Scheduler {

    private static final class Event implements Cancellable {
        final long time;
        final long sequence;
        final Runnable task;
        boolean cancelled;

        Event(long time, long sequence, Runnable task) {
            this.time = time;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    // Cancelled events stay queued and are skipped when reached: retransmission timers are
    // cancelled all the time, and removing from the middle of a heap costs a linear scan.
    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong((Event e) -> e.time).thenComparingLong(e -> e.sequence));
    private long now;
    private long nextSequence;
    private long eventsRun;
    private boolean running;

    /** A scheduler whose clock starts at 0. */
    public SimulatedScheduler() {
        this(0);
    }

    /** A scheduler whose clock starts at {@code originMillis}. */
    public SimulatedScheduler(long originMillis) {
        this.now = originMillis;
    }

    @Override
    public long now() {
        return now;
    }

    /** Queues {@code task} at {@code now() + delayMillis}; a negative delay counts as 0. */
    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        long delay = Math.max(0, delayMillis);
        // Saturate instead of overflowing, so "never" stays in the future.
        long time = delay > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + delay;
        Event event = new Event(time, nextSequence++, task);
        queue.add(event);
        return event;
    }

    /**
     * Runs the next due event, advancing the clock to its time.
     *
     * @return false when no event is queued
     */
    public boolean runNext() {
        requireNotRunning();
        Event event = nextLive();
        if (event == null) {
            return false;
        }
        run(queue.poll());
        return true;
    }

    /** Runs every event due within the next {@code millis} ms, then sets the clock to that time. */
    public void runFor(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("negative duration " + millis);
        }
        runUntil(millis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + millis);
    }

    /**
     * Runs every event due at or before {@code time}, including those the events themselves
     * schedule within that horizon, then sets the clock to {@code time}.
     */
    public void runUntil(long time) {
        if (time < now) {
            throw new IllegalArgumentException("time " + time + " is before now " + now);
        }
        requireNotRunning();
        for (Event next = nextLive(); next != null && next.time <= time; next = nextLive()) {
            run(queue.poll());
        }
        now = time;
    }

    /**
     * Runs events until none is queued or {@code maxEvents} have run; the limit keeps a
     * protocol that retransmits forever from hanging a test.
     *
     * @return the number of events run by this call
     */
    public long runUntilIdle(long maxEvents) {
        long ran = 0;
        while (ran < maxEvents && runNext()) {
            ran++;
        }
        return ran;
    }

    /** True when no event is waiting to run. */
    public boolean isIdle() {
        return nextLive() == null;
    }

    /** Number of events waiting to run, not counting cancelled ones. */
    public int pendingEvents() {
        return (int) queue.stream().filter(e -> !e.cancelled).count();
    }

    /** Number of events run since this scheduler was made. */
    public long eventsRun() {
        return eventsRun;
    }

    /** Discards cancelled events at the head and returns the next live one, still queued. */
    private Event nextLive() {
        Event head = queue.peek();
        while (head != null && head.cancelled) {
            queue.poll();
            head = queue.peek();
        }
        return head;
    }

    // A task that drove the scheduler would run other events in the middle of its own.
    private void requireNotRunning() {
        if (running) {
            throw new IllegalStateException("a task may not run the scheduler it runs on");
        }
    }

    private void run(Event event) {
        now = event.time;
        eventsRun++;
        running = true;
        try {
            event.task.run();
        } finally {
            running = false;
        }
    }
}
