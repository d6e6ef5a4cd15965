package cohortbank.bank;

import cohortbank.common.time.Scheduler;
import java.util.ArrayDeque;

/**
 * Where the bank runs work that must not hold up its event loop (the rewrite of data.csv, see
 * {@link GroupCommit}): a seam, like the {@link Scheduler}. The bank process gives it a thread
 * of its own ({@link BankServer}); simulations and tests run the work on the event loop itself,
 * each task an event of its own ({@link #onLoop}), so that a run replays exactly.
 *
 * <p>Contract: tasks run one at a time, in the order given. A task tells the event loop what
 * came of it through the {@link Scheduler}, never by touching the bank's state.
 */
public interface Background {

    /** Runs {@code task} later, after every task given before it. */
    void execute(Runnable task);

    /** Returns once every task given so far has run, running them here if need be. */
    void drain();

    /** Runs each task on {@code loop} as an event of its own (or at {@link #drain}, whichever comes first). */
    static Background onLoop(Scheduler loop) {
        ArrayDeque<Runnable> queued = new ArrayDeque<>();
        return new Background() {
            @Override
            public void execute(Runnable task) {
                queued.add(task);
                loop.execute(this::runOne);
            }

            private void runOne() {
                Runnable task = queued.poll();
                if (task != null) {
                    task.run();
                }
            }

            @Override
            public void drain() {
                while (!queued.isEmpty()) {
                    runOne();
                }
            }
        };
    }
}
