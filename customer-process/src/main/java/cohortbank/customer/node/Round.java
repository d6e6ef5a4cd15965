package cohortbank.customer.node;

import cohortbank.common.rpc.Responder;
import cohortbank.common.time.Cancellable;
import cohortbank.customer.command.Result;
import cohortbank.customer.store.Checkpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * This node's part in one checkpoint or rollback instance: whom it asked, what they voted, and
 * whom it must answer. A node is in at most one round at a time; see {@link Precedence} for
 * what happens when another instance asks it to join.
 */
final class Round {

    enum Kind {
        CHECKPOINT, ROLLBACK;

        /** The command that starts an instance of this kind, as the user types it. */
        String word() {
            return this == CHECKPOINT ? "checkpoint" : "rollback";
        }
    }

    final Kind kind;
    final String instance;
    /** The instance's age, which orders it against simultaneous instances. */
    final Age age;
    /** Who asked this node to join; null when this node initiated the instance. */
    final String parent;
    /** The tentative checkpoint this node took (checkpoint rounds that joined). */
    Checkpoint tentative;
    /** The account just before the tentative checkpoint reset its label tables; merged back on abort. */
    cohortbank.customer.account.Account beforeReset;
    /** Rollback rounds: this node will restore its checkpoint on commit (resume_execution = false). */
    boolean prepared;
    /** Recovery rollback after a restart: the node restored already and must not do so again. */
    boolean alreadyRestored;
    final Set<String> asked = new LinkedHashSet<>();
    int outstanding;
    /** Names that took a checkpoint or will roll back, in this node's subtree. */
    final Set<String> joined = new LinkedHashSet<>();
    final List<String> refusals = new ArrayList<>();
    Responder.Answer parentAnswer;
    Consumer<Result> userCallback;
    Cancellable timer = Cancellable.NONE;
    boolean voted;

    Round(Kind kind, String instance, Age age, String parent) {
        this.kind = kind;
        this.instance = instance;
        this.age = age;
        this.parent = parent;
    }

    boolean initiatedHere() {
        return parent == null;
    }

    /** Whether this node took part (tentative checkpoint taken, or prepared to roll back). */
    boolean tookPart() {
        return kind == Kind.CHECKPOINT ? tentative != null : prepared;
    }

    String word() {
        return kind.word();
    }
}
