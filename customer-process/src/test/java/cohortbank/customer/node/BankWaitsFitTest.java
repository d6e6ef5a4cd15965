package cohortbank.customer.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.bank.BankConfig;
import cohortbank.common.rpc.RetryPolicy;
import org.junit.jupiter.api.Test;

/**
 * The bank's and a customer's defaults agree (DESIGN §2): whatever a cohort operation does, the
 * customer that asked for it is still asking when the bank answers, so the user gets the bank's
 * real answer as the command's answer, never "no answer" followed by an {@code EVENT}.
 */
class BankWaitsFitTest {

    @Test
    void theBankAnswersEveryCohortOperationWhileTheCustomerStillAsks() {
        long longest = BankConfig.DEFAULTS.longestOperationMillis();
        RetryPolicy asking = NodeConfig.DEFAULTS.bankRetry();
        long lastSend = asking.giveUpAfterMillis() - asking.delayAfter(asking.maxTries());

        // A re-send after the answer exists fetches it from the bank's reply cache, in case the
        // answer itself was lost; and the customer waits a whole retry after that one.
        assertTrue(longest < lastSend, "the bank's longest cohort operation (" + longest
                + " ms) must end before the customer's last request to the bank (" + lastSend + " ms)");
        assertTrue(asking.giveUpAfterMillis() < NodeConfig.DEFAULTS.commandWaitMillis(),
                "the node answers before the console stops waiting");
    }
}
