package cohortbank.customer.node;

import cohortbank.common.time.Cancellable;
import cohortbank.common.time.Scheduler;
import cohortbank.customer.command.Result;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Transfer commands typed while sending is blocked (a tentative checkpoint or a rollback is
 * unresolved, or the node is recovering; DESIGN §5.4): each waits here, in order, until the
 * instance ends, for at most {@link NodeConfig#blockedCommandWaitMillis}.
 *
 * <p>Contract: each waiting command is answered exactly once, either by running it again
 * once {@link Activity#sendingBlocked()} is false or by a failure when its wait runs out;
 * the one that ran cancels its timeout. Event loop only.
 */
final class BlockedCommands {

    private final CustomerIdentity identity;
    private final Activity activity;
    private final Scheduler scheduler;
    private final long waitMillis;
    private final Deque<Runnable> waiting = new ArrayDeque<>();

    /** @param waitMillis how long a command waits to be unblocked before it fails */
    BlockedCommands(CustomerIdentity identity, Activity activity, Scheduler scheduler, long waitMillis) {
        this.identity = identity;
        this.activity = activity;
        this.scheduler = scheduler;
        this.waitMillis = waitMillis;
    }

    /**
     * Runs {@code retry} as soon as sending is allowed again, or answers {@code done} with a
     * failure naming the {@code verb} and what kept this node busy when the wait runs out.
     */
    void waitForUnblock(String verb, Consumer<Result> done, Runnable retry) {
        String reason = activity.describe();
        boolean[] finished = {false};
        Cancellable timeout = scheduler.schedule(waitMillis, () -> {
            if (!finished[0]) {
                finished[0] = true;
                done.accept(new Result.Failed(verb + ": not sent, " + identity.name + " is busy (" + reason + "); try again"));
            }
        });
        waiting.add(() -> {
            if (!finished[0]) {
                finished[0] = true;
                timeout.cancel();
                retry.run();
            }
        });
    }

    /** Called whenever an instance ends or recovery completes: runs the waiting commands, oldest first. */
    void runUnblockedCommands() {
        while (!activity.sendingBlocked() && !waiting.isEmpty()) {
            waiting.poll().run();
        }
    }
}
