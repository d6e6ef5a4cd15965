package cohortbank.bank;

import cohortbank.common.time.Cancellable;
import cohortbank.common.time.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * A bank's event loop for tests that drive the {@link Bank} directly: a task queued for "as soon
 * as possible" (the flush of a turn's changes) runs at once, unless the test holds turns open
 * ({@link #holdTurns}) to make several requests one turn; delayed tasks (the rewrite of data.csv)
 * wait until the test runs them.
 */
final class TurnScheduler implements Scheduler {

    private final List<Runnable> queued = new ArrayList<>();
    private final List<Runnable> delayed = new ArrayList<>();
    private boolean holding;

    @Override
    public long now() {
        return 0;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        Runnable[] slot = {task};
        if (delayMillis > 0) {
            delayed.add(() -> slot[0].run());
        } else if (holding) {
            queued.add(() -> slot[0].run());
        } else {
            task.run();
        }
        return () -> slot[0] = () -> { };
    }

    /** From now on, tasks for "as soon as possible" wait for {@link #endTurn}. */
    void holdTurns() {
        holding = true;
    }

    /** Ends the turn: runs the waiting tasks, and no longer holds them. */
    void endTurn() {
        holding = false;
        List<Runnable> tasks = List.copyOf(queued);
        queued.clear();
        tasks.forEach(Runnable::run);
    }

    /** Runs the delayed tasks queued so far. */
    void runDelayed() {
        List<Runnable> tasks = List.copyOf(delayed);
        delayed.clear();
        tasks.forEach(Runnable::run);
    }
}
