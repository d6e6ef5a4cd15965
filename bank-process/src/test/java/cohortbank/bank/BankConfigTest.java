package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.rpc.RetryPolicy;
import cohortbank.common.testing.ConfigRecords;
import org.junit.jupiter.api.Test;

/**
 * The bank's timings and capacities: the defaults are the values the bank has always run with
 * and hold together, and a record that breaks a value or a relation between two values is
 * refused with a message naming what is wrong.
 */
class BankConfigTest {

    @Test
    void theDefaultsAreValidAndTheConsoleOutwaitsEveryCohortOperation() {
        BankConfig d = BankConfig.DEFAULTS;

        assertEquals(d, copyWith("replyCache", d.replyCache()), "the defaults pass the checks");
        assertEquals(2, d.deletionRounds());
        assertEquals(20_000, d.longestOperationMillis(), "however many rounds");
        assertTrue(d.longestOperationMillis() < d.consoleWaitMillis());
    }

    @Test
    void theNoticesTrySixteenTimesInThirteenAndAHalfSeconds() {
        RetryPolicy notices = BankConfig.DEFAULTS.notifyRetry();

        assertEquals(new RetryPolicy(100, 2.0, 1000, 16), notices);
        assertEquals(13_500, notices.giveUpAfterMillis());
        assertEquals(25_000, BankConfig.DEFAULTS.consoleWaitMillis(), "a cohort operation and 5 s to spare");
    }

    @Test
    void aFasterNoticeRetryChangesNothingElse() {
        RetryPolicy fast = new RetryPolicy(50, 2.0, 200, 4);

        BankConfig c = BankConfig.DEFAULTS.withNotifyRetry(fast);

        assertEquals(fast, c.notifyRetry());
        assertEquals(BankConfig.DEFAULTS, c.withNotifyRetry(BankConfig.DEFAULTS.notifyRetry()));
    }

    @Test
    void everyNumberThatIsNotPositiveIsRefusedNamingIt() {
        assertEquals(8, ConfigRecords.assertEveryNumberMustBePositive(BankConfig.DEFAULTS),
                "every number of the record is checked");
    }

    @Test
    void aMissingNoticeRetryIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> copyWith("notifyRetry", null));

        assertEquals("BankConfig.notifyRetry is missing", e.getMessage());
    }

    @Test
    void aDeletionOfOneRoundIsRefusedSinceItsAnswersCanGoStale() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> copyWith("deletionRounds", 1));

        assertEquals("BankConfig.deletionRounds (1) must be at least 2: a single round's answers can go stale",
                e.getMessage());
    }

    @Test
    void aConsoleWaitACohortOperationCanOutlastIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> copyWith("consoleWaitMillis", 20_000L));

        assertEquals("BankConfig.consoleWaitMillis (20000) must exceed cohortOperationBudgetMillis (20000)",
                e.getMessage());
    }

    @Test
    void moreRoundsShareTheBudgetButNoticesSlowerThanItAreRefused() {
        assertEquals(20_000, copyWith("deletionRounds", 3).longestOperationMillis());

        IllegalArgumentException slow = assertThrows(IllegalArgumentException.class,
                () -> BankConfig.DEFAULTS.withNotifyRetry(new RetryPolicy(100, 2.0, 1000, 23)));
        assertEquals("BankConfig.notifyRetry's give-up time (20500) must be below cohortOperationBudgetMillis (20000):"
                + " a formation's one round would not get all its tries", slow.getMessage());
    }

    /** The defaults with one component replaced, built through the canonical constructor (and so checked). */
    private static BankConfig copyWith(String component, Object value) {
        return ConfigRecords.with(BankConfig.DEFAULTS, component, value);
    }
}
