package cohortbank.bank;

import cohortbank.common.rpc.RetryPolicy;

/**
 * Every timing and capacity of the bank, in one place: {@link BankMain} builds the bank with
 * {@link #DEFAULTS}, {@link BankServer} and {@link BankNode} hand each part the values it needs
 * ({@link Bank} the deletion rounds, {@link GroupCommit} the rewrite delay), and the simulator
 * and the tests build the bank with the same record.
 *
 * <p>The constructor refuses, with an {@link IllegalArgumentException} naming the component, a
 * record that holds a value that is not positive, fewer than two deletion rounds, a notice retry
 * that does not fit in a cohort operation's budget, or a console wait shorter than that budget. All times are in milliseconds of the bank's
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
 *                                member is still reported within the requesting customer's own
 *                                wait for the bank (25 s): a cohort operation cuts these tries at
 *                                {@link #cohortOperationBudgetMillis}. A notice that ends an operation
 *                                is sent again after each such give-up, until the member answers.
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
 * @param cohortOperationBudgetMillis how long a {@code new-cohort} or {@code delete-cohort} may take
 *                                from its request to its answer: every round of notices is retried only
 *                                within what remains of it, and a member still silent at its end counts
 *                                as unreachable (nothing changed, the member named). 20 s: one full round
 *                                of notices (13.5 s) with time to spare, so a formation or a deletion
 *                                whose first round went quickly keeps every try; and the customer that
 *                                asked re-sends its request up to 22.25 s after the first send and waits
 *                                until 24.25 s (NodeConfig.bankRequestBudgetMillis, 25 s), so it hears
 *                                this answer, even one lost once, as its command's answer, never "no
 *                                answer" followed by an EVENT. A test of the customer's module checks
 *                                the two defaults agree.
 * @param rewriteDelayMillis      how long data.csv and its sidecar may lag behind the journal before
 *                                they are rewritten ({@link GroupCommit}). 800 ms: a rewrite costs as
 *                                much as the table is long (a second at a million rows), so not after
 *                                every change, while the journal a restart replays stays short.
 * @param consoleWaitMillis       how long the bank's console waits for the answer to a request typed
 *                                at it before it answers {@code FAILURE}. 25 s: the longest request, a
 *                                cohort operation ({@link #cohortOperationBudgetMillis}), plus 5 s to spare.
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
        long cohortOperationBudgetMillis,
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
            20_000,
            800,
            25_000,
            5000,
            60_000,
            5000);

    public BankConfig {
        if (notifyRetry == null) {
            throw new IllegalArgumentException("BankConfig.notifyRetry is missing");
        }
        positive("replyCache", replyCache);
        positive("deletionRounds", deletionRounds);
        positive("cohortOperationBudgetMillis", cohortOperationBudgetMillis);
        positive("rewriteDelayMillis", rewriteDelayMillis);
        positive("consoleWaitMillis", consoleWaitMillis);
        positive("queryTimeoutMillis", queryTimeoutMillis);
        positive("quitRewriteWaitMillis", quitRewriteWaitMillis);
        positive("rewriteThreadIdleMillis", rewriteThreadIdleMillis);
        if (deletionRounds < 2) {
            throw new IllegalArgumentException("BankConfig.deletionRounds (" + deletionRounds
                    + ") must be at least 2: a single round's answers can go stale");
        }
        if (notifyRetry.giveUpAfterMillis() >= cohortOperationBudgetMillis) {
            throw new IllegalArgumentException("BankConfig.notifyRetry's give-up time (" + notifyRetry.giveUpAfterMillis()
                    + ") must be below cohortOperationBudgetMillis (" + cohortOperationBudgetMillis
                    + "): a formation's one round would not get all its tries");
        }
        if (consoleWaitMillis <= cohortOperationBudgetMillis) {
            throw new IllegalArgumentException("BankConfig.consoleWaitMillis (" + consoleWaitMillis
                    + ") must exceed cohortOperationBudgetMillis (" + cohortOperationBudgetMillis + ")");
        }
    }

    /**
     * The longest a cohort operation ({@code new-cohort}, {@code delete-cohort}) takes from its
     * request to its answer, however many rounds it has: {@link #cohortOperationBudgetMillis}.
     */
    public long longestOperationMillis() {
        return cohortOperationBudgetMillis;
    }

    /** This record with {@code notifyRetry} instead (tests use a faster one); checked like any other. */
    public BankConfig withNotifyRetry(RetryPolicy notifyRetry) {
        return new BankConfig(notifyRetry, replyCache, deletionRounds, cohortOperationBudgetMillis,
                rewriteDelayMillis, consoleWaitMillis,
                queryTimeoutMillis, quitRewriteWaitMillis, rewriteThreadIdleMillis);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("BankConfig." + name + " must be positive, not " + value);
        }
    }
}
