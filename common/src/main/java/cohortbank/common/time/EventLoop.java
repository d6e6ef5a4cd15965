package cohortbank.common.time;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The real {@link Scheduler}: one daemon thread that owns all of a process's state.
 *
 * <p>Socket readers and the console only hand events to this loop. A task that throws is
 * reported to the error handler and the loop carries on, so one bad input never stops a process.
 */
public final class EventLoop implements Scheduler, AutoCloseable {

    private final ScheduledExecutorService executor;
    private final Consumer<Throwable> onError;
    private volatile Thread thread;

    public EventLoop(String name, Consumer<Throwable> onError) {
        this.onError = onError;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    @Override
    public long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        try {
            ScheduledFuture<?> future =
                    executor.schedule(guarded(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return Cancellable.NONE;
        }
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // The loop is shutting down; late events are dropped like lost datagrams.
        }
    }

    /** True when called from this loop's own thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                onError.accept(e);
            }
        };
    }

    /** Stops the loop, waiting briefly for the running task to finish. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
