package cohortbank.customer.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Runs many seeds of a deterministic run on several threads and hands the results back in
 * seed order, as if they had run one after another.
 *
 * <p>Each seed's run owns everything it touches (its cluster, network, clock, disks and
 * {@link java.util.Random}); the only state runs share is the read-only key caches of
 * {@code Identity} and {@code LinkKeys}, which are thread-safe. So a seed gives the same trace
 * hash whatever the number of threads, and only the wall time changes. At most
 * {@code 2 * jobs} runs are under way or waiting to be handed back, so memory stays bounded
 * however many seeds are asked for.
 */
public final class SeedRunner {

    private final int jobs;

    /** @param jobs threads to run seeds on, at least 1 */
    public SeedRunner(int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
        }
        this.jobs = jobs;
    }

    /** One thread per processor this JVM may use. */
    public static int defaultJobs() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs {@code run} for seeds {@code first .. first + count - 1} and gives each result to
     * {@code inOrder} on the calling thread, in seed order. A run that throws stops the whole
     * call with that exception once the seeds before it have been handed back.
     */
    public <R> void run(long first, long count, LongFunction<R> run, Consumer<R> inOrder) {
        if (jobs == 1) {
            for (long s = first; s < first + count; s++) {
                inOrder.accept(run.apply(s));
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "seed-runner");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<CompletableFuture<R>> running = new ArrayDeque<>();
            long next = first;
            long end = first + count;
            while (next < end || !running.isEmpty()) {
                while (next < end && running.size() < 2 * jobs) {
                    long seed = next++;
                    running.add(CompletableFuture.supplyAsync(() -> run.apply(seed), pool));
                }
                inOrder.accept(await(running.removeFirst()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R await(CompletableFuture<R> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a seed", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
