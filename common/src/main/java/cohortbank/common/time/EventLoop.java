package cohortbank.common.time;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

    /**
     * Runs {@code task} on the loop and waits for its value: how another thread (the console)
     * reads or changes state that only the loop may touch.
     *
     * @throws IllegalStateException when the task throws, or gives no value within {@code timeoutMillis}
     */
    public <T> T call(Supplier<T> task, long timeoutMillis) {
        return callAsync(done -> done.accept(task.get()), timeoutMillis);
    }

    /**
     * Starts an operation on the loop that answers later through its callback (a request that
     * needs network round trips) and waits for that answer; see {@link #call}.
     */
    public <T> T callAsync(Consumer<Consumer<T>> start, long timeoutMillis) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                start.accept(result::complete);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the event loop within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
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

    /**
     * Stops the loop without waiting: no task runs after the current one. Safe to call from a
     * task on the loop itself, which {@link #close} (it waits for the running task) is not.
     */
    public void stopNow() {
        executor.shutdownNow();
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
