package cohortbank.customer.node;

import cohortbank.common.net.Endpoint;
import cohortbank.common.rpc.Requester;
import cohortbank.common.rpc.RetryPolicy;
import cohortbank.common.time.Scheduler;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.Member;
import cohortbank.customer.command.Result;
import cohortbank.customer.wire.Decision;
import cohortbank.customer.wire.OutcomeAnswer;
import cohortbank.customer.wire.PeerMessage;
import cohortbank.customer.wire.Vote;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The voting tree that checkpoint and rollback instances share (DESIGN §5.2–5.3, §6.2): a
 * node asks its children, collects their votes within a budget that shrinks by
 * {@link NodeConfig#levelMarginMillis} per level, answers its parent (or decides, as initiator), and
 * passes the decision down to those it asked. A participant that hears no decision asks the
 * initiator until it gets one.
 *
 * <p>Contract: every round ends exactly once, through {@link #conclude}, which clears
 * {@link Activity#round}, remembers the outcome, hands the round to its kind's
 * {@link Ending}, answers an initiator's user of a commit, and only then notifies the
 * children (and answers the user of an abort) and runs the commands that waited for it. An
 * initiator's decision is durable before anyone hears it, and its answer about one of its
 * instances never changes. Votes missing at the deadline count as a refusal, so every
 * instance ends in bounded time. Event loop only.
 */
final class VotingTree {

    /** What a kind of instance (checkpoint or rollback) does locally when one of its rounds ends. */
    interface Ending {
        void ended(Round r, Decision decision);

        /**
         * Initiator: makes {@code decision} (already in {@link CustomerIdentity#meta}'s memory) durable
         * in this kind's own write, before anyone hears it. False when this kind has no write to
         * carry it: the tree then writes the meta file.
         */
        default boolean madeDurable(Round r, Decision decision) {
            return false;
        }
    }

    private final CustomerIdentity identity;
    private final Activity activity;
    private final Requester peerRequester;
    private final Scheduler scheduler;
    private final BlockedCommands blocked;
    private final Ending ending;
    private final NodeConfig config;
    /**
     * Outcomes of the latest instances this node took part in. A request for one of them that
     * arrives late (a retransmission, or a member still fanning out) is answered from here:
     * joining a finished instance again would start its fan-out again, and members doing that
     * to each other would never stop.
     */
    private final Map<String, Decision> concluded = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Decision> eldest) {
            return size() > config.concludedMemory();
        }
    };

    /**
     * @param config the instance budget, the margin per level, the pace of re-sent requests and
     *               outcome queries, the decisions' retry and how many outcomes are remembered
     */
    VotingTree(CustomerIdentity identity, Activity activity, Requester peerRequester, Scheduler scheduler,
            BlockedCommands blocked, Ending ending,
            NodeConfig config) {
        this.config = config;
        this.identity = identity;
        this.activity = activity;
        this.peerRequester = peerRequester;
        this.scheduler = scheduler;
        this.blocked = blocked;
        this.ending = ending;
    }

    /**
     * Asks {@code child} at {@code peer} to join round {@code r} with {@code request} (whose
     * budget is {@code childBudget}); its answer counts as the child's vote.
     */
    void ask(Round r, String child, Endpoint peer, List<String> request, long childBudget) {
        r.asked.add(child);
        r.outstanding++;
        peerRequester.request(peer, request, retryWithin(childBudget), reply -> onVote(r, child, reply));
    }

    /** The time a child gets to collect its own subtree's votes, out of this level's {@code budget}. */
    long childBudget(long budget) {
        return config.childBudget(budget);
    }

    /**
     * Arms the round's voting deadline after its requests left; with nobody asked, voting ends
     * now. Votes not in within the budget count as a refusal, so every instance ends in bounded time.
     */
    void awaitVotes(Round r, long budget) {
        r.timer = scheduler.schedule(budget, () -> {
            if (activity.round == r && !r.voted) {
                r.refusals.add("no answer in " + budget + " ms");
                r.outstanding = 0;
                finishVoting(r);
            }
        });
        if (r.outstanding == 0) {
            finishVoting(r);
        }
    }

    private RetryPolicy retryWithin(long budget) {
        long pace = config.voteRetryMillis();
        int tries = (int) Math.max(1, budget / pace);
        return new RetryPolicy(pace, 1.0, pace, tries);
    }

    private void onVote(Round r, String child, Reply reply) {
        if (activity.round != r || r.voted) {
            return;
        }
        Optional<Vote> vote = Vote.of(reply);
        if (vote.isPresent() && vote.get() instanceof Vote.Yes yes) {
            r.joined.addAll(yes.joined());
        } else if (vote.isPresent() && vote.get() instanceof Vote.No no) {
            r.refusals.add(child + " refused (" + no.reason() + ")");
        } else {
            r.refusals.add(child + " did not answer (" + reply.text() + ")");
        }
        if (--r.outstanding <= 0) {
            finishVoting(r);
        }
    }

    /** All votes of this node's subtree are in (or time ran out). */
    private void finishVoting(Round r) {
        if (r.voted) {
            return;
        }
        r.voted = true;
        r.timer.cancel();
        boolean allYes = r.refusals.isEmpty();
        if (r.initiatedHere()) {
            decide(r, allYes ? Decision.COMMIT : Decision.ABORT);
            return;
        }
        r.parentAnswer.accept((allYes ? new Vote.Yes(List.copyOf(r.joined)) : Vote.no(String.join("; ", r.refusals))).reply());
        if (!allYes) {
            conclude(r, Decision.ABORT); // a no makes the outcome certain: abort now
            return;
        }
        // Wait for the decision from the parent; if it is late, ask the initiator.
        r.timer = scheduler.schedule(config.instanceBudgetMillis(), () -> askOutcome(r));
    }

    /**
     * Makes round {@code r} give way to an older instance: an initiator that has not decided
     * aborts it, a participant that has not voted votes no (which aborts it too). Returns
     * false, changing nothing, when this node already voted yes and so must wait for the
     * decision, which comes in bounded time.
     */
    boolean giveWay(Round r, String reason) {
        if (r.voted) {
            return false;
        }
        r.refusals.add(reason);
        r.outstanding = 0;
        finishVoting(r);
        return true;
    }

    /** Initiator: the decision is durable before anyone hears it. */
    private void decide(Round r, Decision decision) {
        identity.meta.recordDecision(r.instance, decision);
        if (!ending.madeDurable(r, decision)) {
            identity.store.saveMeta(identity.meta);
        }
        conclude(r, decision);
    }

    /**
     * Ends round {@code r} with {@code decision} if it is still current: locally, then down the
     * tree; an initiator's user hears the outcome (also when a participant's abort ended it first).
     */
    void conclude(Round r, Decision decision) {
        if (activity.round != r) {
            return;
        }
        r.timer.cancel();
        activity.round = null;
        concluded.put(r.instance, decision);
        if (r.initiatedHere() && !identity.meta.decisions.containsKey(r.instance)) {
            // A participant's abort reached the initiator first: its answer must never change.
            identity.meta.recordDecision(r.instance, decision);
            identity.store.saveMeta(identity.meta);
        }
        ending.ended(r, decision);
        // A commit's user first: the answer needs only what is done above (DESIGN §5.5), and each
        // notice wakes a participant that would otherwise compete with the console for the
        // processors. An abort's answer may start a retry whose pause is drawn at random
        // (Initiations): it comes after the notices, so that the draws keep their order.
        boolean answerFirst = decision == Decision.COMMIT;
        if (answerFirst) {
            answerUser(r, decision);
        }
        for (String child : r.asked) {
            identity.meta.member(child).ifPresent(m -> peerRequester.request(m.peer(),
                    new PeerMessage.DecisionNotice(identity.name, r.kind == Round.Kind.CHECKPOINT, r.instance, decision).body(),
                    config.decisionRetry(), reply -> { }));
        }
        if (!answerFirst) {
            answerUser(r, decision);
        }
        blocked.runUnblockedCommands();
    }

    private static void answerUser(Round r, Decision decision) {
        if (r.userCallback != null) {
            r.userCallback.accept(outcomeForUser(r, decision));
        }
    }

    private static Result outcomeForUser(Round r, Decision decision) {
        if (decision == Decision.ABORT) {
            return new Result.Failed(r.word() + " " + r.instance + ": "
                    + (r.refusals.isEmpty() ? "aborted by a participant" : String.join("; ", r.refusals)));
        }
        return new Result.Committed(r.kind == Round.Kind.ROLLBACK, r.instance, List.copyOf(r.joined));
    }

    /** A participant that heard no decision asks the initiator, until it gets one. */
    private void askOutcome(Round r) {
        if (activity.round != r) {
            return;
        }
        String initiator = PeerMessage.initiatorOf(r.instance);
        Optional<Member> m = identity.meta.member(initiator);
        if (m.isEmpty()) {
            conclude(r, Decision.ABORT);
            return;
        }
        peerRequester.request(m.get().peer(), new PeerMessage.OutcomeQuery(identity.name, r.instance).body(), reply -> {
            if (activity.round != r) {
                return;
            }
            Optional<Decision> outcome = decisionIn(reply);
            if (outcome.isPresent()) {
                conclude(r, outcome.get());
            } else {
                r.timer = scheduler.schedule(config.outcomeQueryPauseMillis(), () -> askOutcome(r));
            }
        });
    }

    /**
     * The initiator's answer about one of its instances: its durable decision; {@code pending}
     * while it is still collecting votes; otherwise it crashed before deciding, so abort, made
     * durable now so that the answer can never change.
     */
    OutcomeAnswer outcomeOf(String instance) {
        Decision d = identity.meta.decisions.get(instance);
        if (d != null) {
            return OutcomeAnswer.of(d);
        }
        if (activity.round != null && activity.round.instance.equals(instance)) {
            return OutcomeAnswer.PENDING;
        }
        if (!instance.startsWith(identity.name + ":")) {
            return OutcomeAnswer.UNKNOWN;
        }
        return OutcomeAnswer.of(ownOutcome(instance));
    }

    /**
     * The outcome of one of this node's own instances that is not running: its durable
     * decision, or else abort (it crashed before deciding), made durable now so that it can
     * never change.
     */
    private Decision ownOutcome(String instance) {
        Decision d = identity.meta.decisions.get(instance);
        if (d == null) {
            d = Decision.ABORT;
            identity.meta.recordDecision(instance, d);
            identity.store.saveMeta(identity.meta);
        }
        return d;
    }

    /**
     * The answer to a request for an instance this node is not running but whose outcome it
     * knows (one it took part in, or its own): yes for a commit (its part is done), no for an
     * abort. Empty when the instance is current or unknown here. The requester's vote cannot
     * change a known outcome, so answering this way never contradicts it.
     */
    Optional<Vote> answerIfFinished(String instance) {
        if (activity.round != null && activity.round.instance.equals(instance)) {
            return Optional.empty();
        }
        Decision d = concluded.get(instance);
        if (d == null && instance.startsWith(identity.name + ":")) {
            d = ownOutcome(instance);
        }
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(d == Decision.COMMIT ? Vote.yes() : Vote.no("instance " + instance + " is over: aborted"));
    }

    /** Asks the initiator of {@code instance} for its outcome until it has one; its own instance is answered locally. */
    void queryUntilDecided(String instance, Consumer<Decision> decided) {
        String initiator = PeerMessage.initiatorOf(instance);
        Optional<Member> m = identity.meta.member(initiator);
        if (initiator.equals(identity.name) || m.isEmpty()) {
            decided.accept(initiator.equals(identity.name) && identity.meta.decisions.get(instance) == Decision.COMMIT
                    ? Decision.COMMIT : Decision.ABORT);
            return;
        }
        peerRequester.request(m.get().peer(), new PeerMessage.OutcomeQuery(identity.name, instance).body(), reply -> {
            Optional<Decision> outcome = decisionIn(reply);
            if (outcome.isPresent()) {
                decided.accept(outcome.get());
            } else {
                scheduler.schedule(config.outcomeQueryPauseMillis(), () -> queryUntilDecided(instance, decided));
            }
        });
    }

    /** The initiator's answer to an outcome query: its decision, or empty while it has none (or no answer came). */
    private static Optional<Decision> decisionIn(Reply reply) {
        return OutcomeAnswer.of(reply).flatMap(OutcomeAnswer::decision);
    }
}
