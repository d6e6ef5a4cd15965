package cohortbank.customer.node;

import cohortbank.common.time.Cancellable;
import cohortbank.customer.command.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code checkpoint} and {@code rollback} commands a user typed: each gets an {@link Age}
 * when typed, waits until the node is in no other instance, and runs as an instance of this
 * node's own; one that did not commit (it gave way to an older instance, or a member refused
 * or did not answer) is tried again with the same age after a short random pause. The user
 * hears only the final outcome; each automatic retry prints an EVENT line.
 *
 * <p>Contract: every command is answered exactly once, within
 * {@link NodeConfig#initiationBoundMillis} of being typed: SUCCESS when an attempt commits,
 * else FAILURE with the last attempt's reasons (which name the members that refused or did not
 * answer). An attempt starts only if its whole voting budget fits in what is left of the bound.
 * Waiting commands start oldest first. Event loop only.
 */
final class Initiations {

    /** Starts one attempt of an instance of this node's own, of the given age, answered on its decision. */
    interface Starter {
        void start(Round.Kind kind, Age age, Consumer<Result> decided);
    }

    /** One typed command, across its attempts. */
    private static final class Typed {
        final Round.Kind kind;
        final Age age;
        final long deadline;
        final Consumer<Result> done;
        int attempts;
        /** Not retried before this instant: the random pause after an attempt that did not commit. */
        long notBefore;
        String lastFailure;
        Cancellable expiry = Cancellable.NONE;

        Typed(Round.Kind kind, Age age, long deadline, Consumer<Result> done) {
            this.kind = kind;
            this.age = age;
            this.deadline = deadline;
            this.done = done;
        }

        String word() {
            return kind.word();
        }
    }

    private final CustomerIdentity identity;
    private final Activity activity;
    private final NodeLinks links;
    private final Starter starter;
    private final NodeConfig config;
    private final List<Typed> waiting = new ArrayList<>();
    private boolean startScheduled;

    /** @param config the bound of a typed command, the instance budget and the pauses between attempts */
    Initiations(CustomerIdentity identity, Activity activity, NodeLinks links, Starter starter, NodeConfig config) {
        this.config = config;
        this.identity = identity;
        this.activity = activity;
        this.links = links;
        this.starter = starter;
    }

    /** The user typed {@code checkpoint} or {@code rollback}: {@code done} hears the final outcome. */
    void submit(Round.Kind kind, Consumer<Result> done) {
        String word = kind.word();
        if (!links.rules().olderInstancesGoFirst()) {
            if (!activity.refusedAsBusy(word, done)) {
                starter.start(kind, activity.nextAge(), done);
            }
            return;
        }
        if (activity.shuttingDown) {
            done.accept(new Result.Failed(word + ": " + identity.name + " is shutting down"));
            return;
        }
        if (identity.frozen()) {
            // Being deleted: the cohort's members start nothing (DESIGN §2).
            done.accept(new Result.Failed(word + ": " + identity.cohortPause() + "; try again once it is gone"));
            return;
        }
        Typed t = new Typed(kind, activity.nextAge(), links.scheduler().now() + config.initiationBoundMillis(), done);
        enqueue(t, 0);
    }

    /** The oldest command waiting to start or to be retried (also during its pause): the node keeps its turn for it. */
    Optional<Age> oldestWaiting() {
        return waiting.stream().map(t -> t.age).min(Initiations::order);
    }

    /** The node may be free again (an instance ended, recovery completed): start the oldest waiting command. */
    void nodeMayBeFree() {
        if (waiting.isEmpty() || startScheduled) {
            return;
        }
        startScheduled = true;
        // Started from a fresh event, so that the round that just ended has finished ending.
        links.scheduler().schedule(0, () -> {
            startScheduled = false;
            startOldest();
        });
    }

    /** Puts {@code t} among the waiting commands, to start once the node is free and {@code pause} has passed. */
    private void enqueue(Typed t, long pause) {
        waiting.add(t);
        t.notBefore = links.scheduler().now() + pause;
        long latestStart = t.deadline - config.instanceBudgetMillis();
        t.expiry = links.scheduler().schedule(Math.max(0, latestStart - links.scheduler().now()), () -> {
            if (waiting.remove(t)) {
                giveUp(t, identity.name + " stayed busy (" + activity.describe() + ")");
            }
        });
        if (pause > 0) {
            links.scheduler().schedule(pause, this::nodeMayBeFree);
        }
        nodeMayBeFree();
    }

    private void startOldest() {
        if (activity.round != null || activity.recovering || identity.prepared()) {
            return; // called again when the instance ends, recovery completes or the bank confirms the cohort
        }
        long now = links.scheduler().now();
        Optional<Typed> ready = waiting.stream().filter(w -> w.notBefore <= now).min((a, b) -> order(a.age, b.age));
        if (ready.isEmpty()) {
            return; // called again when a pause ends
        }
        Typed t = ready.get();
        waiting.remove(t);
        t.expiry.cancel();
        if (activity.shuttingDown) {
            giveUp(t, identity.name + " is shutting down");
            nodeMayBeFree();
            return;
        }
        if (identity.frozen()) {
            giveUp(t, identity.cohortPause()); // the bank began deleting the cohort while this command waited
            nodeMayBeFree();
            return;
        }
        t.attempts++;
        starter.start(t.kind, t.age, reply -> attemptEnded(t, reply));
    }

    private void attemptEnded(Typed t, Result result) {
        if (result.success()) {
            t.done.accept(result);
            return;
        }
        t.lastFailure = result.text();
        long pause = config.initiationPauseMillis() + links.random().nextInt(config.initiationJitterMillis())
                * (long) Math.min(t.attempts, 4);
        if (activity.shuttingDown || links.scheduler().now() + pause + config.instanceBudgetMillis() > t.deadline) {
            giveUp(t, null);
            return;
        }
        links.listener().event(result.text() + ": not committed, trying again (" + t.word() + " of age " + t.age + ")");
        enqueue(t, pause);
    }

    private void giveUp(Typed t, String why) {
        String last = t.lastFailure == null ? t.word() : t.lastFailure;
        long typedAt = t.deadline - config.initiationBoundMillis();
        t.done.accept(new Result.Failed(last + (why == null ? "" : "; " + why) + " (" + t.attempts + " attempt"
                + (t.attempts == 1 ? "" : "s") + " in " + (links.scheduler().now() - typedAt) / 1000 + " s)"));
    }

    private static int order(Age a, Age b) {
        return a.equals(b) ? 0 : a.olderThan(b) ? -1 : 1;
    }
}
