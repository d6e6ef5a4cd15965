package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.LinkFaults;
import cohortbank.common.rpc.RetryPolicy;
import cohortbank.customer.command.Result;
import cohortbank.customer.CustomerConsole;
import cohortbank.customer.node.NodeConfig;
import cohortbank.customer.sim.SimCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request to the bank fails only when the bank is really gone, never because the network
 * lost datagrams: it keeps retrying for as long as the console waits for it. Six tries, as
 * {@link RetryPolicy#DEFAULT} makes, would have given up on a bank silent for ten seconds and
 * under 30% loss each way about one request in fifty.
 */
class BankRequestsRideOutLossTest {

    @Test
    void aRequestOutlivesTenSecondsOfSilenceFromTheBankAndThenSucceeds() {
        SimCluster c = SimCluster.cohort(5, 100, "alice", "bob");
        c.network.block(SimCluster.BANK, c.handle("alice").port1);

        Result[] reply = c.start("alice", "delete-cohort alice");
        c.runFor(10_000);
        assertNull(reply[0], "still trying after " + RetryPolicy.DEFAULT.giveUpAfterMillis() + " ms and more");
        c.network.heal();
        c.runUntil(() -> reply[0] != null, 5_000);

        assertTrue(reply[0] != null && reply[0].success(), String.valueOf(reply[0]));
    }

    @Test
    void aBankThatNeverAnswersIsReportedByTheNodeBeforeTheConsoleStopsWaiting() {
        SimCluster c = SimCluster.cohort(6, 100, "alice", "bob");
        c.network.isolate(SimCluster.BANK);
        long start = c.scheduler.now();

        Result reply = c.command("alice", "delete-cohort alice");

        long took = c.scheduler.now() - start;
        assertTrue(reply.line().startsWith("FAILURE " + SimCluster.BANK + " unreachable"), reply.line());
        assertTrue(took > RetryPolicy.DEFAULT.giveUpAfterMillis() && took <= NodeConfig.DEFAULTS.bankRequestBudgetMillis(),
                "gave up after " + took + " ms");
        assertTrue(NodeConfig.DEFAULTS.bankRequestBudgetMillis() < CustomerConsole.COMMAND_TIMEOUT_MILLIS);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void underThirtyPercentLossEachWayEveryOneOfTwoHundredRequestsSucceeds(long seed) {
        SimCluster c = SimCluster.cohort(seed, 100, "alice", "bob");
        c.network.setDefaultFaults(LinkFaults.lossy(0.3, 0.3, 0, 40));

        int failed = 0;
        for (int i = 0; i < 200; i++) {
            // Each registers another customer: a request the bank accepts whenever it arrives.
            Result reply = c.command("alice", "open p" + i + " 1 127.0.0.1 " + (30000 + 2 * i) + " " + (30001 + 2 * i));
            if (!reply.success()) {
                failed++;
            }
        }

        assertEquals(0, failed, "seed " + seed + ": requests the network alone made fail");
        assertTrue(c.network.dropped() > 100, "the network really was lossy");
    }
}
