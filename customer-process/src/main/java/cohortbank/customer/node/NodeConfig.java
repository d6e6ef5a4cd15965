package cohortbank.customer.node;

import cohortbank.common.rpc.RetryPolicy;

/**
 * Every timing, budget and capacity of one customer, in one place: the node's parts receive the
 * values they need from here, and the process and console around the node take their waits from
 * here too. {@link #DEFAULTS} is what a real customer and the simulator run with.
 *
 * <p>The values depend on each other (an instance must fit in the bound of a typed command, which
 * must fit in the console's wait, and so on); the constructor refuses a record that breaks one of
 * these relations, or holds a value that is not positive, with an {@link IllegalArgumentException}
 * naming the component. All times are in milliseconds of the node's {@code Scheduler} (virtual
 * time in the simulator).
 *
 * @param instanceBudgetMillis      the time the initiator of a checkpoint or rollback gives the whole
 *                                  instance to vote; a participant that voted yes waits this long for
 *                                  the decision before asking the initiator, and a rollback promise
 *                                  this long before it is settled by asking. 6 s: a tree of a dozen
 *                                  members answers in well under a second, the rest rides out loss.
 * @param levelMarginMillis         what each level of the voting tree keeps back from its children's
 *                                  budget to collect their votes and answer its parent. 600 ms: a few
 *                                  round trips under loss, while a tree of ten levels still votes.
 * @param voteRetryMillis           how often a request to join an instance is re-sent to a child that
 *                                  has not answered, as many times as fit in the child's budget. 250 ms:
 *                                  a constant pace, since the budget, not a backoff, bounds the wait.
 * @param outcomeQueryPauseMillis   the pause before asking an initiator again for the outcome of an
 *                                  instance it still collects votes for. 1 s: it decides within its budget.
 * @param decisionRetry             how decisions and resyncs are re-sent until acknowledged: they must
 *                                  arrive (a member holds a promise until it hears), so the tries are
 *                                  practically unbounded; the backoff (200 ms doubling to 2 s) keeps a
 *                                  silent member from being flooded.
 * @param peerRetry                 how any other request to a peer is retransmitted and when it gives up
 *                                  (a member out of reach): {@link RetryPolicy#DEFAULT}, about 6 s.
 * @param turnMillis                how long a node that had to refuse an older instance keeps its turn
 *                                  for it, refusing younger ones meanwhile, so that the older is not
 *                                  overtaken again and again. 4 s: its initiator retries sooner than that.
 * @param initiationBoundMillis     a {@code checkpoint} or {@code rollback} typed by the user is answered
 *                                  within this: its instance is retried (keeping its age) while it gives
 *                                  way to older ones. 25 s: several instance budgets, and shorter than
 *                                  the console's wait, so that the node itself names who failed.
 * @param initiationPauseMillis     the least pause before retrying a typed instance that did not commit.
 * @param initiationJitterMillis    the random part of that pause, multiplied by the attempt number (up
 *                                  to four), so that two initiators who collided retry apart. 100 ms
 *                                  and 400 ms: short against the instance budget.
 * @param recoveryPauseMillis       the least pause before a restarted node tries its recovery rollback
 *                                  again, after an attempt that did not commit.
 * @param recoveryJitterMillis      the random part of that pause. 500 ms and 1.5 s: recovering members
 *                                  that collided retry apart.
 * @param deliveryWaitMillis        a transfer command answers "delivered" if acknowledged within this,
 *                                  else "pending" (it is still delivered later). 2 s: a few round trips.
 * @param blockedCommandWaitMillis  a transfer typed while sending is blocked (a checkpoint or rollback
 *                                  unresolved) waits this long for the decision, then fails. 5 s: about
 *                                  one instance, and well inside the console's wait.
 * @param bankRequestBudgetMillis   requests to the bank keep trying this long: the bank is one server
 *                                  that answers once it hears, so a lossy network must only delay its
 *                                  answer (six tries, as for peers, fail about 2% of the time under 30%
 *                                  loss each way). 25 s: shorter than the console's wait, so that a truly
 *                                  absent bank is reported by the node itself.
 * @param minRtoMillis              the first retransmission timeout of a transfer channel, and the one it
 *                                  returns to on every acknowledgement. 200 ms: above a loopback or LAN
 *                                  round trip.
 * @param maxRtoMillis              the longest retransmission timeout of a transfer channel, which doubles
 *                                  on every silent try. 2 s: a receiver back from a crash hears soon.
 * @param sendWindow                at most this many transfers in flight to one receiver per
 *                                  (re)transmission. 64: a burst of transfers keeps moving, while a
 *                                  long backlog is re-sent a window at a time, not all at once.
 * @param maxHeldPerSender          received transfers waiting for an earlier label (or for room under the
 *                                  maximum balance), at most this many per sender; one dropped beyond is
 *                                  re-sent by its sender. 4096: far above the send window.
 * @param concludedMemory           how many finished instances a node remembers the outcome of, to answer
 *                                  late requests for them without reopening them. 256: far more than a
 *                                  cohort can run within one retransmission horizon.
 * @param bankReplyCache            answered requests from the bank remembered to answer duplicates the same.
 * @param peerReplyCache            answered requests from peers remembered likewise. 1024 and 4096: the
 *                                  bank asks rarely, peers ask for every vote, decision and resync.
 * @param drainLimitMillis          how long a frozen member waits to be drained before it tells the bank
 *                                  it is not. 10 s: an instance running at the freeze can finish.
 * @param drainPollMillis           how often a frozen member checks whether it is drained. 50 ms.
 * @param commandWaitMillis         how long the console waits for one command's result before it answers
 *                                  {@code FAILURE} and shows the result later as an {@code EVENT}. 30 s:
 *                                  above every bound of the node, so the node's own answer comes first.
 * @param queryTimeoutMillis        how long a read of the node's state may take on its event loop. 5 s.
 * @param bankSilenceNoticeMillis   how long a command that needs the bank waits in silence before an
 *                                  {@code EVENT} says the bank is not answering yet. 1.5 s: a person
 *                                  notices, loss alone rarely delays an answer that much.
 */
public record NodeConfig(
        long instanceBudgetMillis,
        long levelMarginMillis,
        long voteRetryMillis,
        long outcomeQueryPauseMillis,
        RetryPolicy decisionRetry,
        RetryPolicy peerRetry,
        long turnMillis,
        long initiationBoundMillis,
        long initiationPauseMillis,
        int initiationJitterMillis,
        long recoveryPauseMillis,
        int recoveryJitterMillis,
        long deliveryWaitMillis,
        long blockedCommandWaitMillis,
        long bankRequestBudgetMillis,
        long minRtoMillis,
        long maxRtoMillis,
        int sendWindow,
        int maxHeldPerSender,
        int concludedMemory,
        int bankReplyCache,
        int peerReplyCache,
        long drainLimitMillis,
        long drainPollMillis,
        long commandWaitMillis,
        long queryTimeoutMillis,
        long bankSilenceNoticeMillis) {

    /** What a real customer and the simulator run with; see each component for why. */
    public static final NodeConfig DEFAULTS = new NodeConfig(
            6000, 600, 250, 1000,
            new RetryPolicy(200, 2.0, 2000, 1_000_000), RetryPolicy.DEFAULT,
            4000,
            25_000, 100, 400,
            500, 1500,
            2000, 5000, 25_000,
            200, 2000,
            64, 4096, 256, 1024, 4096,
            10_000, 50,
            30_000, 5000, 1500);

    public NodeConfig {
        positive("instanceBudgetMillis", instanceBudgetMillis);
        positive("levelMarginMillis", levelMarginMillis);
        positive("voteRetryMillis", voteRetryMillis);
        positive("outcomeQueryPauseMillis", outcomeQueryPauseMillis);
        present("decisionRetry", decisionRetry);
        present("peerRetry", peerRetry);
        positive("turnMillis", turnMillis);
        positive("initiationBoundMillis", initiationBoundMillis);
        positive("initiationPauseMillis", initiationPauseMillis);
        positive("initiationJitterMillis", initiationJitterMillis);
        positive("recoveryPauseMillis", recoveryPauseMillis);
        positive("recoveryJitterMillis", recoveryJitterMillis);
        positive("deliveryWaitMillis", deliveryWaitMillis);
        positive("blockedCommandWaitMillis", blockedCommandWaitMillis);
        positive("bankRequestBudgetMillis", bankRequestBudgetMillis);
        positive("minRtoMillis", minRtoMillis);
        positive("maxRtoMillis", maxRtoMillis);
        positive("sendWindow", sendWindow);
        positive("maxHeldPerSender", maxHeldPerSender);
        positive("concludedMemory", concludedMemory);
        positive("bankReplyCache", bankReplyCache);
        positive("peerReplyCache", peerReplyCache);
        positive("drainLimitMillis", drainLimitMillis);
        positive("drainPollMillis", drainPollMillis);
        positive("commandWaitMillis", commandWaitMillis);
        positive("queryTimeoutMillis", queryTimeoutMillis);
        positive("bankSilenceNoticeMillis", bankSilenceNoticeMillis);

        below("levelMarginMillis", levelMarginMillis, "instanceBudgetMillis", instanceBudgetMillis);
        atMost("voteRetryMillis", voteRetryMillis, "levelMarginMillis", levelMarginMillis);
        below("instanceBudgetMillis", instanceBudgetMillis, "initiationBoundMillis", initiationBoundMillis);
        below("turnMillis", turnMillis, "initiationBoundMillis", initiationBoundMillis);
        below("peerRetry's give-up time", peerRetry.giveUpAfterMillis(),
                "initiationBoundMillis", initiationBoundMillis);
        atMost("minRtoMillis", minRtoMillis, "maxRtoMillis", maxRtoMillis);
        atMost("drainPollMillis", drainPollMillis, "drainLimitMillis", drainLimitMillis);
        atMost("peerRetry's first wait", peerRetry.delayAfter(1), "bankRequestBudgetMillis", bankRequestBudgetMillis);
        // The node answers every command before the console stops waiting for it.
        below("initiationBoundMillis", initiationBoundMillis, "commandWaitMillis", commandWaitMillis);
        below("bankRequestBudgetMillis", bankRequestBudgetMillis, "commandWaitMillis", commandWaitMillis);
        below("blockedCommandWaitMillis", blockedCommandWaitMillis, "commandWaitMillis", commandWaitMillis);
        below("deliveryWaitMillis", deliveryWaitMillis, "commandWaitMillis", commandWaitMillis);
        below("bankSilenceNoticeMillis", bankSilenceNoticeMillis, "bankRequestBudgetMillis", bankRequestBudgetMillis);
    }

    /**
     * Requests to the bank: the backoff of {@link #peerRetry} with as many tries as fit in
     * {@link #bankRequestBudgetMillis}.
     */
    public RetryPolicy bankRetry() {
        return peerRetry.within(bankRequestBudgetMillis);
    }

    /** The time a child of the voting tree gets to collect its own subtree's votes, out of its parent's {@code budget}. */
    public long childBudget(long budget) {
        return Math.max(levelMarginMillis, budget - levelMarginMillis);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("NodeConfig." + name + " must be positive, not " + value);
        }
    }

    private static void present(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("NodeConfig." + name + " is missing");
        }
    }

    private static void below(String name, long value, String bound, long boundValue) {
        if (value >= boundValue) {
            throw new IllegalArgumentException("NodeConfig." + name + " (" + value + ") must be below " + bound
                    + " (" + boundValue + ")");
        }
    }

    private static void atMost(String name, long value, String bound, long boundValue) {
        if (value > boundValue) {
            throw new IllegalArgumentException("NodeConfig." + name + " (" + value + ") must not exceed " + bound
                    + " (" + boundValue + ")");
        }
    }
}
