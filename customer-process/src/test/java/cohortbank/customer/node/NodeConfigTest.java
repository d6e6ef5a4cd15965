package cohortbank.customer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.rpc.RetryPolicy;
import cohortbank.common.testing.ConfigRecords;
import org.junit.jupiter.api.Test;

/**
 * The customer's timings and capacities: the defaults hold together, and a record that breaks
 * a value or a relation between two values is refused with a message naming what is wrong.
 */
class NodeConfigTest {

    @Test
    void theDefaultsAreValidAndKeepEveryBoundOfTheNodeInsideTheConsolesWait() {
        NodeConfig d = NodeConfig.DEFAULTS;

        assertEquals(d, copyWith("instanceBudgetMillis", d.instanceBudgetMillis()), "the defaults pass the checks");
        assertTrue(d.initiationBoundMillis() < d.commandWaitMillis());
        assertTrue(d.bankRequestBudgetMillis() < d.commandWaitMillis());
        assertTrue(d.instanceBudgetMillis() < d.initiationBoundMillis());
    }

    @Test
    void theBankRetryKeepsThePeerBackoffWithAsManyTriesAsFitTheBankBudget() {
        RetryPolicy bank = NodeConfig.DEFAULTS.bankRetry();

        assertEquals(RetryPolicy.DEFAULT.within(25_000), bank);
        assertTrue(bank.giveUpAfterMillis() <= NodeConfig.DEFAULTS.bankRequestBudgetMillis());
        assertEquals(15, bank.maxTries());
    }

    @Test
    void eachLevelOfTheVotingTreeLeavesItsMarginAndNeverLessThanIt() {
        NodeConfig d = NodeConfig.DEFAULTS;

        assertEquals(5400, d.childBudget(6000));
        assertEquals(600, d.childBudget(900));
        assertEquals(600, d.childBudget(100));
    }

    @Test
    void everyNumberThatIsNotPositiveIsRefusedNamingIt() {
        assertEquals(25, ConfigRecords.assertEveryNumberMustBePositive(NodeConfig.DEFAULTS),
                "every number of the record is checked");
    }

    @Test
    void aMissingRetryPolicyIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> copyWith("decisionRetry", null));
        assertEquals("NodeConfig.decisionRetry is missing", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> copyWith("peerRetry", null));
        assertEquals("NodeConfig.peerRetry is missing", e.getMessage());
    }

    @Test
    void anInstanceThatDoesNotFitTheBoundOfATypedCommandIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> copyWith("instanceBudgetMillis", 25_000L));

        assertEquals("NodeConfig.instanceBudgetMillis (25000) must be below initiationBoundMillis (25000)", e.getMessage());
    }

    @Test
    void aBankBudgetTheConsoleDoesNotOutwaitIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> copyWith("bankRequestBudgetMillis", 30_000L));

        assertEquals("NodeConfig.bankRequestBudgetMillis (30000) must be below commandWaitMillis (30000)", e.getMessage());
    }

    @Test
    void aPeerRetryThatOutlastsTheInitiationBoundIsRefused() {
        RetryPolicy endless = new RetryPolicy(150, 2.0, 2000, 20);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> copyWith("peerRetry", endless));

        assertTrue(e.getMessage().startsWith("NodeConfig.peerRetry's give-up time (34250) must be below initiationBoundMillis"),
                e.getMessage());
    }

    @Test
    void otherBrokenRelationsAreRefusedNamingBothSides() {
        assertRefused("levelMarginMillis", 6000L, "levelMarginMillis (6000) must be below instanceBudgetMillis");
        assertRefused("voteRetryMillis", 601L, "voteRetryMillis (601) must not exceed levelMarginMillis");
        assertRefused("turnMillis", 25_000L, "turnMillis (25000) must be below initiationBoundMillis");
        assertRefused("minRtoMillis", 2001L, "minRtoMillis (2001) must not exceed maxRtoMillis");
        assertRefused("drainPollMillis", 10_001L, "drainPollMillis (10001) must not exceed drainLimitMillis");
        assertRefused("blockedCommandWaitMillis", 30_000L, "blockedCommandWaitMillis (30000) must be below commandWaitMillis");
        assertRefused("deliveryWaitMillis", 30_000L, "deliveryWaitMillis (30000) must be below commandWaitMillis");
        assertRefused("bankSilenceNoticeMillis", 25_000L, "bankSilenceNoticeMillis (25000) must be below bankRequestBudgetMillis");
        assertRefused("commandWaitMillis", 25_000L, "initiationBoundMillis (25000) must be below commandWaitMillis (25000)");
    }

    private static void assertRefused(String component, Object value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> copyWith(component, value));
        assertTrue(e.getMessage().startsWith("NodeConfig." + expected), e.getMessage());
    }

    /** The defaults with one component replaced, built through the canonical constructor (and so checked). */
    private static NodeConfig copyWith(String component, Object value) {
        return ConfigRecords.with(NodeConfig.DEFAULTS, component, value);
    }
}
