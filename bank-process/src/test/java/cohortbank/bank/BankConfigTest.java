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
    void theDefaultsAreValidAndTheConsoleOutwaitsADeletionOfTwoRounds() {
        BankConfig d = BankConfig.DEFAULTS;

        assertEquals(d, copyWith("replyCache", d.replyCache()), "the defaults pass the checks");
        assertEquals(2, d.deletionRounds());
        assertTrue(d.deletionRounds() * d.notifyRetry().giveUpAfterMillis() < d.consoleWaitMillis());
    }

    @Test
    void theNoticesTrySixteenTimesInThirteenAndAHalfSeconds() {
        RetryPolicy notices = BankConfig.DEFAULTS.notifyRetry();

        assertEquals(new RetryPolicy(100, 2.0, 1000, 16), notices);
        assertEquals(13_500, notices.giveUpAfterMillis());
        assertEquals(32_000, BankConfig.DEFAULTS.consoleWaitMillis(), "two rounds of notices and 5 s to spare");
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
        assertEquals(7, ConfigRecords.assertEveryNumberMustBePositive(BankConfig.DEFAULTS),
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
    void aConsoleWaitADeletionCanOutlastIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> copyWith("consoleWaitMillis", 27_000L));

        assertEquals("BankConfig.consoleWaitMillis (27000) must exceed deletionRounds times notifyRetry's give-up time"
                + " (27000)", e.getMessage());
    }

    @Test
    void moreRoundsOrSlowerNoticesNeedALongerConsoleWait() {
        IllegalArgumentException rounds = assertThrows(IllegalArgumentException.class, () -> copyWith("deletionRounds", 3));
        assertTrue(rounds.getMessage().startsWith("BankConfig.consoleWaitMillis (32000) must exceed"), rounds.getMessage());

        IllegalArgumentException slow = assertThrows(IllegalArgumentException.class,
                () -> BankConfig.DEFAULTS.withNotifyRetry(new RetryPolicy(100, 2.0, 1000, 20)));
        assertTrue(slow.getMessage().endsWith("(35000)"), slow.getMessage());
    }

    /** The defaults with one component replaced, built through the canonical constructor (and so checked). */
    private static BankConfig copyWith(String component, Object value) {
        return ConfigRecords.with(BankConfig.DEFAULTS, component, value);
    }
}
