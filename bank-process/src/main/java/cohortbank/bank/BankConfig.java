package cohortbank.bank;

import cohortbank.common.rpc.RetryPolicy;

/**
 * Every timing and capacity of the bank, in one place: {@link BankMain} builds the bank with
 * {@link #DEFAULTS}, {@link BankServer} and {@link BankNode} hand each part the values it needs
 * ({@link Bank} the deletion rounds, {@link GroupCommit} the rewrite delay), and the simulator
 * and the tests build the bank with the same record.
 *
 * <p>The constructor refuses, with an {@link IllegalArgumentException} naming the component, a
 * record that holds a value that is not positive, fewer than two deletion rounds, or a console
 * wait shorter than the longest cohort operation. All times are in milliseconds of the bank's
 * {@code Scheduler} (virtual time in the simulator), except those of the process around the
 * bank ({@link #consoleWaitMillis}, {@link #queryTimeoutMillis}, {@link #quitRewriteWaitMillis},
 * {@link #rewriteThreadIdleMillis}), which are real time.
 *
 * <p>Not here: the largest cohort ({@code BankRequest.NewCohort.MAX_SIZE} in common, 64) is a
 * limit of the wire format, not a tuning knob: a {@code cohort-formed} notice carries every
 * member's address and key and must fit in one datagram, and the customer that asks and the bank
 * that answers must agree on it.
 *
 * @param notifyRetry             how the bank's notices to members ({@code cohort-formed},
 *                                {@code cohort-freeze}, ...) are retransmitted: 100 ms doubling to
 *                                1 s, 16 tries, 13.5 s in all. Every member must acknowledge or the
 *                                cohort is not formed, so a lossy network must not make a live member
 *                                look absent: with 6 tries, 30% loss each way failed a member about 2%
 *                                of the time; 16 tries fail it about once in 50,000. An unreachable
 *                                member is still reported well within the requesting customer's own
 *                                wait for the bank (25 s). A notice that ends an operation is sent
 *                                again after each such give-up, until the member answers.
 * @param replyCache              how many answered requests the bank remembers, to answer a
 *                                retransmission (same request id) with the same reply instead of
 *                                handling it again. 4096: a retransmission comes within a customer's
 *                                request budget (seconds), long before thousands of later requests
 *                                push its answer out; and one that comes later still (or across a
 *                                restart) is checked against the table and never applied twice.
 * @param deletionRounds          how many times a {@code delete-cohort} asks every member to freeze
 *                                and drain before it removes the cohort. Not a speed knob: at least
 *                                2, since a rollback that ended just before the first round can make
 *                                a member that answered early send again, and only an answer given
 *                                after every member stopped starting instances cannot go stale.
 * @param rewriteDelayMillis      how long data.csv and its sidecar may lag behind the journal before
 *                                they are rewritten ({@link GroupCommit}). 800 ms: a rewrite costs as
 *                                much as the table is long (a second at a million rows), so not after
 *                                every change, while the journal a restart replays stays short.
 * @param consoleWaitMillis       how long the bank's console waits for the answer to a request typed
 *                                at it before it answers {@code FAILURE}. 32 s: a {@code delete-cohort}
 *                                asks the members {@link #deletionRounds} times, each round bounded by
 *                                {@link #notifyRetry}'s give-up time (2 × 13.5 s), plus 5 s to spare.
 * @param queryTimeoutMillis      how long a read of the bank's table for the console ({@code customers},
 *                                {@code cohorts}, {@code total}) may wait for the event loop. 5 s: a
 *                                turn of the loop takes milliseconds; only a stuck loop waits this long.
 * @param quitRewriteWaitMillis   how long {@code quit} waits for the final rewrite of data.csv and its
 *                                sidecar (after a rewrite already in flight). 60 s: a million rows take
 *                                a few seconds on a slow disk; if it does not finish, nothing is lost,
 *                                since the next start replays the journal.
 * @param rewriteThreadIdleMillis how long the thread that rewrites data.csv stays alive with nothing to
 *                                do, so that a stopped bank leaves no thread behind. 5 s: longer than
 *                                {@link #rewriteDelayMillis}, so a busy bank keeps one thread.
 */
public record BankConfig(
        RetryPolicy notifyRetry,
        int replyCache,
        int deletionRounds,
        long rewriteDelayMillis,
        long consoleWaitMillis,
        long queryTimeoutMillis,
        long quitRewriteWaitMillis,
        long rewriteThreadIdleMillis) {

    /** What a real bank and the simulator run with; see each component for why. */
    public static final BankConfig DEFAULTS = new BankConfig(
            new RetryPolicy(100, 2.0, 1000, 16),
            4096,
            2,
            800,
            32_000,
            5000,
            60_000,
            5000);

    public BankConfig {
        if (notifyRetry == null) {
            throw new IllegalArgumentException("BankConfig.notifyRetry is missing");
        }
        positive("replyCache", replyCache);
        positive("deletionRounds", deletionRounds);
        positive("rewriteDelayMillis", rewriteDelayMillis);
        positive("consoleWaitMillis", consoleWaitMillis);
        positive("queryTimeoutMillis", queryTimeoutMillis);
        positive("quitRewriteWaitMillis", quitRewriteWaitMillis);
        positive("rewriteThreadIdleMillis", rewriteThreadIdleMillis);
        if (deletionRounds < 2) {
            throw new IllegalArgumentException("BankConfig.deletionRounds (" + deletionRounds
                    + ") must be at least 2: a single round's answers can go stale");
        }
        long longestOperation = deletionRounds * notifyRetry.giveUpAfterMillis();
        if (consoleWaitMillis <= longestOperation) {
            throw new IllegalArgumentException("BankConfig.consoleWaitMillis (" + consoleWaitMillis
                    + ") must exceed deletionRounds times notifyRetry's give-up time (" + longestOperation + ")");
        }
    }

    /** This record with {@code notifyRetry} instead (tests use a faster one); checked like any other. */
    public BankConfig withNotifyRetry(RetryPolicy notifyRetry) {
        return new BankConfig(notifyRetry, replyCache, deletionRounds, rewriteDelayMillis, consoleWaitMillis,
                queryTimeoutMillis, quitRewriteWaitMillis, rewriteThreadIdleMillis);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("BankConfig." + name + " must be positive, not " + value);
        }
    }
}
