package cohortbank.common.time;

/**
 * Time and timers for protocol code, which never reads the wall clock or starts threads itself.
 *
 * <p>Contract: every task runs on the owner's single event-loop thread, one at a time and
 * never concurrently with any other event of that owner, so protocol state needs no locks.
 * A task scheduled with a delay runs no earlier than {@code now() + delayMillis}.
 * The real implementation is {@link EventLoop}; tests use simulated time.
 */
public interface Scheduler extends java.util.concurrent.Executor {

    /** Milliseconds on this scheduler's clock (monotonic; not the time of day). */
    long now();

    /** Runs {@code task} after {@code delayMillis} milliseconds on the event loop. */
    Cancellable schedule(long delayMillis, Runnable task);

    /** Runs {@code task} on the event loop as soon as possible, after queued events. */
    @Override
    default void execute(Runnable task) {
        schedule(0, task);
    }
}
