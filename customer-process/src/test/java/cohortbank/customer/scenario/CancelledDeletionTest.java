package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.LinkFaults;
import cohortbank.customer.command.Result;
import cohortbank.customer.sim.SimCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member frozen for a deletion always ends thawed or deleted (DESIGN §2), also when the
 * {@code cohort-freeze} reaches it only after the bank cancelled that deletion and thawed it:
 * the bank no longer asks anything of it, so the member itself asks the bank, once it has
 * been frozen longer than a deletion can last, whether its cohort is still being deleted.
 */
class CancelledDeletionTest {

    private static final String BANK = SimCluster.BANK_NAME;
    /** Longer than the freeze can take: its retries stop at the operation's 20 s budget. */
    private static final long LONG_AFTER_THE_BANK_GAVE_UP = 120_000;

    /** carol has been told nothing of a deletion, and moves money again. */
    private static void assertCarriesOn(SimCluster c) {
        assertFalse(c.node("carol").frozen(), "carol is frozen by a deletion the bank cancelled");
        assertEquals(1, c.node("carol").cohortId());
        assertTrue(c.command("carol", "transfer 10 alice").success(), "carol moves money again");
        c.quiesce();
        List<String> v = c.simulatorViolations(true);
        assertTrue(v.isEmpty(), "seed " + c.seed + ": " + v);
    }

    /**
     * The sequence of the simulator's seed 1527 (with the initiator answering aborts before it
     * sends their notices): carol is down while a deletion is tried, and the bank, restarted
     * since she went down, does not know her epoch. When she comes back, her first datagram
     * tells it, and the bank re-sends what it sealed for her without one: a late
     * {@code cohort-freeze} among the copies of the {@code cohort-thaw}. A thaw comes first and
     * is answered; the freeze after it freezes her, and the thaw's later copies only get its
     * remembered answer again.
     */
    private static SimCluster carolFrozenByAFreezeResentAfterTheThaw(long seed) {
        SimCluster c = SimCluster.cohort(seed, 100, "alice", "bob", "carol");
        c.kill("carol");
        c.kill(BANK);
        c.restartBank();
        Result deleted = c.command("alice", "delete-cohort alice");
        assertFalse(deleted.success(), deleted.line());
        assertTrue(deleted.text().contains("carol did not drain"), deleted.line());
        c.runFor(1000);
        // What the bank re-sends at carol's return goes in one burst: the freezes in it a little late.
        c.sendLate(SimCluster.BANK, c.handle("carol").port1, "cohort-freeze", 50);
        c.restart("carol");
        c.runFor(5000);
        c.sendOnTime();
        assertTrue(c.node("carol").frozen(), "the re-sent freeze arrived after the thaw");
        return c;
    }

    @Test
    void aMemberDownDuringACancelledDeletionIsNotLeftFrozenByTheFreezeResentAtItsReturn() {
        SimCluster c = carolFrozenByAFreezeResentAfterTheThaw(32);
        c.runFor(LONG_AFTER_THE_BANK_GAVE_UP);
        assertCarriesOn(c);
    }

    /**
     * carol, frozen by the late freeze, asks the bank; its answer (no deletion under way) is
     * delayed, and meanwhile alice deletes the cohort: carol is frozen for it, drained, and
     * told to leave only later. The old answer must not thaw her: she would move money in a
     * cohort the bank has dissolved.
     */
    @Test
    void anAnswerOlderThanAFreezeHeardSinceDoesNotThaw() {
        SimCluster c = carolFrozenByAFreezeResentAfterTheThaw(33);
        boolean[] asked = new boolean[1];
        c.onPlainSend((from, to, text) -> asked[0] |= from.equals("carol") && text.contains("cohort-of carol"));
        c.runUntil(() -> asked[0], LONG_AFTER_THE_BANK_GAVE_UP);
        assertTrue(asked[0], "carol asks the bank about her freeze");
        Endpoint carol = c.handle("carol").port1;
        c.sendLate(SimCluster.BANK, carol, "SUCCESS cohort 1 ", 5000);
        c.runFor(10); // the bank answers her before alice's request comes
        c.sendLate(SimCluster.BANK, carol, "cohort-deleted", 10_000);
        Result[] deleted = c.start("alice", "delete-cohort alice");
        c.runFor(7000);
        assertTrue(deleted[0] != null && deleted[0].success(), "deleted: " + deleted[0]);
        assertTrue(c.node("carol").frozen(), "the bank's old answer, come after the freeze, did not thaw carol");
        c.sendOnTime();
        c.runFor(20_000);
        assertEquals(0, c.node("carol").cohortId(), "carol left the cohort");
        c.quiesce();
        List<String> v = c.simulatorViolations(true);
        assertTrue(v.isEmpty(), "seed " + c.seed + ": " + v);
    }

    /**
     * The same return with nothing arranged: a lossy network that duplicates and reorders, and
     * carol back at a drawn moment soon after the thaw began. Whether the freeze among the
     * re-sent copies overtakes a thaw is left to each seed's draws (without her own question,
     * two of these twelve seeds left her frozen); whatever they do, she must end up moving money
     * again.
     */
    @Test
    void whateverTheNetworkDoesAMemberBackFromACancelledDeletionEndsThawed() {
        for (long seed = 1; seed <= 12; seed++) {
            SimCluster c = SimCluster.cohort(100 + seed, 100, "alice", "bob", "carol");
            c.kill("carol");
            c.kill(BANK);
            c.restartBank();
            c.network.setDefaultFaults(LinkFaults.lossy(0.1, 0.3, 5, 80));
            Result[] deleted = c.start("alice", "delete-cohort alice");
            c.runUntil(() -> deleted[0] != null, 30_000);
            assertTrue(deleted[0] != null && !deleted[0].success(), "seed " + seed + ": " + deleted[0]);
            c.runFor(c.random.nextInt(3000));
            c.restart("carol");
            c.runFor(LONG_AFTER_THE_BANK_GAVE_UP);
            c.network.setDefaultFaults(LinkFaults.delayed(1, 1));
            assertFalse(c.node("carol").frozen(), "seed " + seed + ": carol is frozen by a deletion the bank cancelled");
            assertTrue(c.command("carol", "transfer 10 alice").success(), "seed " + seed + ": carol moves money again");
            c.quiesce();
            List<String> v = c.simulatorViolations(true);
            assertTrue(v.isEmpty(), "seed " + seed + ": " + v);
        }
    }
}
