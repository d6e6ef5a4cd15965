package cohortbank.common.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void theDefaultBacksOffExponentiallyUpToItsCapAndGivesUpAfterAboutSixSeconds() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        assertEquals(150, policy.delayAfter(1));
        assertEquals(300, policy.delayAfter(2));
        assertEquals(1200, policy.delayAfter(4));
        assertEquals(2000, policy.delayAfter(5));
        assertEquals(2000, policy.delayAfter(60));
        assertEquals(150 + 300 + 600 + 1200 + 2000 + 2000, policy.giveUpAfterMillis());
    }

    @Test
    void withinABudgetKeepsTheBackoffAndTakesAsManyTriesAsFit() {
        RetryPolicy patient = RetryPolicy.DEFAULT.within(25_000);
        assertEquals(RetryPolicy.DEFAULT.delayAfter(3), patient.delayAfter(3));
        assertEquals(15, patient.maxTries());
        assertEquals(150 + 300 + 600 + 1200 + 11 * 2000, patient.giveUpAfterMillis());
        assertEquals(1, RetryPolicy.DEFAULT.within(150).maxTries());
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.DEFAULT.within(149));
    }

    @Test
    void cappedGivesUpWithinTheBudgetAndNeverTriesMoreThanItself() {
        RetryPolicy notices = new RetryPolicy(100, 2.0, 1000, 16);

        assertEquals(notices, notices.capped(13_500), "already within");
        assertEquals(notices, notices.capped(Long.MAX_VALUE));
        RetryPolicy cut = notices.capped(8000);
        assertEquals(100 + 200 + 400 + 800 + 6 * 1000, cut.giveUpAfterMillis());
        assertEquals(10, cut.maxTries());
        assertEquals(new RetryPolicy(40, 1.0, 40, 1), notices.capped(40), "one try that waits what is left");
        assertEquals(1, notices.capped(0).giveUpAfterMillis(), "nothing left: one try, given up at once");
    }

    @Test
    void refusesPoliciesThatWouldRetryInstantlyOrNever() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, 2, 100, 3));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(10, 0.5, 100, 3));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(10, Double.NaN, 100, 3));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(10, 2, 5, 3));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(10, 2, 100, 0));
    }
}
