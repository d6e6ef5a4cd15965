package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import cohortbank.customer.command.Result;
import cohortbank.customer.sim.SimCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One maximum balance holds everywhere: no command takes a balance past {@link Money#MAX}, so
 * every balance that exists survives a checkpoint, a crash and a restart; a transfer that would
 * take its receiver past it waits, owed and re-sent, until there is room.
 */
class MaximumBalanceTest {

    private static final long NEAR_MAX = Money.MAX_CENTS / 100 - 1; // whole units, one below the maximum

    @Test
    void aDepositPastTheMaximumIsRefusedAndTheMaximumSurvivesACrash() {
        SimCluster c = SimCluster.cohort(51, Map.of("alice", NEAR_MAX, "bob", 100L));
        assertTrue(c.command("alice", "deposit 0.99").success());

        Result over = c.command("alice", "deposit 0.02");

        assertFalse(over.success(), over.line());
        assertTrue(over.text().contains("maximum balance " + Money.MAX), over.line());
        assertEquals(Money.MAX_CENTS - 1, c.balanceCents("alice"), "a refused deposit changes nothing");
        assertTrue(c.command("alice", "deposit 0.01").success(), "up to the maximum itself is fine");
        assertTrue(c.command("alice", "checkpoint").success());
        c.kill("alice");
        c.restart("alice");
        c.quiesce();
        assertEquals(Money.MAX_CENTS, c.balanceCents("alice"), "the maximal balance was saved and read back");
        c.assertInvariants(true);
    }

    @Test
    void aTransferThatWouldPassTheReceiversMaximumWaitsOwedUntilThereIsRoom() {
        SimCluster c = SimCluster.cohort(52, Map.of("alice", Money.MAX_CENTS / 100, "bob", 100L));

        Result r = c.command("bob", "transfer 10 alice");

        assertTrue(r.success() && r.text().contains("pending") && r.text().contains("maximum"), r.line());
        assertTrue(c.handle("alice").events().stream().anyMatch(e -> e.startsWith("holding 10.00 from bob")),
                c.handle("alice").events().toString());
        c.runFor(10_000);
        assertEquals(Money.MAX_CENTS, c.balanceCents("alice"), "never past the maximum");
        assertEquals(9_000, c.balanceCents("bob"), "owed, not lost and not returned");

        assertTrue(c.command("alice", "withdrawal 50").success());
        c.quiesce();

        assertEquals(Money.MAX_CENTS - 5_000 + 1_000, c.balanceCents("alice"), "delivered once there was room");
        assertTrue(c.handle("bob").events().stream().anyMatch(e -> e.contains("label 1 to alice delivered")),
                c.handle("bob").events().toString());
        c.assertInvariants(true);
    }
}
