package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.customer.command.Result;
import cohortbank.customer.sim.CrashableStorage;
import cohortbank.customer.sim.SimCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cohorts come and go without losing money: a formation survives a bank crash (members that
 * only prepared move no money until the bank has recorded and confirmed the cohort), ids are
 * never reused, and a deletion waits until every transfer in flight has arrived.
 */
class CohortLifecycleTest {

    static final String BANK = SimCluster.BANK_NAME;

    private static SimCluster fourCustomers(long seed) {
        SimCluster c = new SimCluster(seed);
        for (String name : List.of("alice", "bob", "carol", "dave")) {
            c.open(name, 100);
        }
        return c;
    }

    private static void assertClean(SimCluster c) {
        c.quiesce();
        List<String> v = c.simulatorViolations(true);
        assertTrue(v.isEmpty(), "seed " + c.seed + ": " + v);
    }

    /**
     * alice sends bob 20.00; carol's {@code delete-cohort} drains everyone, and the bank dies
     * just after its journal records the cohort's removal, before telling any member.
     */
    private static void aliceSendsBobTwentyThenTheBankDiesRightAfterDeletingTheCohort(SimCluster c) {
        assertTrue(c.command("alice", "transfer 20 bob").success());
        c.runFor(2000);
        c.bankDisk.crashAt("data.csv.journal", ",,active", CrashableStorage.When.AFTER);
        c.start("carol", "delete-cohort carol");
        c.runFor(3000);
        assertFalse(c.bankAlive(), "the bank died just after removing cohort 1 from data.csv");
    }

    @Test
    void theBankCrashesWhileFormingACohortWithOneMemberDownAndNoMoneyMovesInIt() {
        SimCluster c = fourCustomers(11);
        c.kill("dave");
        Result[] formed = c.start("alice", "new-cohort alice 4");
        c.runFor(2000); // alice, bob and carol acknowledged; dave never will
        assertNull(formed[0], "the bank still waits for dave");
        c.kill(BANK);

        // The three who acknowledged are only prepared: the bank has not recorded cohort 1.
        assertEquals(1, c.node("alice").cohortId());
        Result transfer = c.command("alice", "transfer 10 bob");
        assertFalse(transfer.success(), transfer.line());
        assertTrue(transfer.text().contains("not confirmed"), transfer.line());
        assertEquals(List.of(), c.simulatorViolations(false));

        c.runFor(30_000);
        c.restartBank(); // finds the unfinished formation, not recorded: every member must leave it
        c.restart("dave");
        c.runFor(20_000);
        for (String name : List.of("alice", "bob", "carol", "dave")) {
            assertEquals(0, c.node(name).cohortId(), name + " left the cohort that was never recorded");
        }

        Result next = c.command("bob", "new-cohort bob 4");
        assertTrue(next.success(), next.line());
        assertTrue(next.text().startsWith("cohort 2: "), "id 1 is never issued again: " + next.line());
        c.runFor(500);
        assertTrue(c.command("dave", "transfer 25 bob").success());
        assertTrue(c.command("bob", "delete-cohort bob").success());
        c.runFor(2000);
        for (String name : List.of("alice", "bob", "carol", "dave")) {
            assertEquals(0, c.node(name).cohortId(), name + " left cohort 2");
        }
        assertClean(c);
        assertEquals(40_000, c.totalCents());
    }

    /**
     * Money moved after the members' last checkpoints is in the bank's table the moment the
     * deletion is: each member's drained balance is recorded in the same durable change that
     * removes the cohort, so the total never mixes balances members leave with and older
     * checkpoint balances. A member killed just after it left, before it could tell the bank
     * anything more, still agrees with the bank when it comes back.
     */
    @Test
    void theDeletionRecordsEveryMembersDrainedBalanceInTheSameChange() {
        SimCluster c = new SimCluster(23);
        String partner = partnerSentAliceTwenty(c);
        Result deleted = c.command("alice", "delete-cohort alice");
        assertTrue(deleted.success(), deleted.line());

        // Read as soon as the bank answered: no report has had time to arrive.
        assertEquals("120.00", c.bank().bank().table().find("alice").orElseThrow().balance().toString());
        assertEquals("80.00", c.bank().bank().table().find(partner).orElseThrow().balance().toString());
        assertEquals("300.00", c.bank().bank().table().activeTotal().toString());

        c.kill(partner);
        c.runFor(5000);
        c.restart(partner);
        c.quiesce();
        assertEquals(8_000, c.balanceCents(partner), "restarted with the balance it left with");
        assertEquals("80.00", c.bank().bank().table().find(partner).orElseThrow().balance().toString());
        assertClean(c);
    }

    /**
     * Opens alice, bob and carol with 100 each, forms a cohort of alice and one of the others
     * (drawn by the bank), and has that partner send alice 20; returns the partner's name.
     */
    private static String partnerSentAliceTwenty(SimCluster c) {
        for (String name : List.of("alice", "bob", "carol")) {
            c.open(name, 100);
        }
        assertTrue(c.command("alice", "new-cohort alice 2").success());
        String partner = c.node("bob").cohortId() != 0 ? "bob" : "carol";
        c.runFor(500);
        assertTrue(c.command(partner, "transfer 20 alice").success());
        return partner;
    }

    /**
     * A balance report is re-sent until the bank answers, however long the bank is down: a
     * report given up would leave the bank's row, and so its total, behind the customer's
     * permanent checkpoint until its next one (DESIGN §2).
     */
    @Test
    void aCheckpointsBalanceReportReachesABankThatWasDownLongerThanAnyRequestWaits() {
        SimCluster c = SimCluster.cohort(29, 100, "alice", "bob");
        assertTrue(c.command("bob", "transfer 20 alice").success());
        c.kill(SimCluster.BANK_NAME);
        assertTrue(c.command("alice", "checkpoint").success());
        c.runFor(120_000); // far beyond a bank request's 25 s
        c.restartBank();
        c.quiesce();
        assertEquals("120.00", c.bank().bank().table().find("alice").orElseThrow().balance().toString());
        assertEquals("80.00", c.bank().bank().table().find("bob").orElseThrow().balance().toString());
        assertEquals("200.00", c.bank().bank().table().activeTotal().toString());
    }

    /**
     * Leaving a cohort makes each member's state its permanent checkpoint, and the bank's balance
     * column holds each customer's balance at its latest permanent checkpoint (DESIGN §2): so
     * the bank records the balances members leave with. Were it not to, a customer that later
     * reported from a new cohort would make the bank's total count money twice.
     */
    @Test
    void membersReportTheBalanceTheyLeaveACohortWithAndTheBankTotalStaysRight() {
        SimCluster c = new SimCluster(17);
        String partner = partnerSentAliceTwenty(c);
        String other = partner.equals("bob") ? "carol" : "bob";
        assertTrue(c.command("alice", "delete-cohort alice").success());
        c.quiesce();

        assertEquals("120.00", c.bank().bank().table().find("alice").orElseThrow().balance().toString());
        assertEquals("80.00", c.bank().bank().table().find(partner).orElseThrow().balance().toString());

        // partner goes on in a new cohort and checkpoints there: the total is still the money there is.
        assertTrue(c.command(partner, "new-cohort " + partner + " 2").success());
        c.runFor(500);
        assertTrue(c.command(other, "transfer 5 " + partner).success());
        assertTrue(c.command(partner, "checkpoint").success());
        c.quiesce();
        assertEquals("300.00", c.bank().bank().table().activeTotal().toString());
        assertClean(c);
    }

    @Test
    void aTransferTypedBeforeTheConfirmationArrivesWaitsForIt() {
        SimCluster c = new SimCluster(16);
        for (String name : List.of("alice", "bob", "carol")) {
            c.open(name, 100);
        }
        Result[] formed = c.start("alice", "new-cohort alice 3");
        c.runUntil(() -> formed[0] != null, 30_000);
        assertTrue(formed[0].success(), formed[0].line());
        c.network.partition(SimCluster.BANK, c.handle("bob").port1); // bob's confirmation is late
        c.runFor(50);
        assertEquals(1, c.node("bob").cohortId());
        Result[] transfer = c.start("bob", "transfer 10 alice");
        c.runFor(1000);
        assertNull(transfer[0], "bob's transfer waits for the bank's confirmation");
        c.network.heal();
        c.runUntil(() -> transfer[0] != null, 10_000);
        assertTrue(transfer[0].success(), transfer[0].line());
        assertClean(c);
        assertEquals(11_000, c.balanceCents("alice"));
    }

    @Test
    void theBankCrashesRightAfterRecordingACohortAndConfirmsItWhenBack() {
        SimCluster c = fourCustomers(12);
        c.bankDisk.crashAt("data.csv.journal", ",1,active", CrashableStorage.When.AFTER);
        Result[] formed = c.start("alice", "new-cohort alice 3");
        c.runFor(3000);
        assertFalse(c.bankAlive(), "the bank died just after data.csv recorded cohort 1");
        List<String> members = c.names().stream().filter(n -> c.node(n).cohortId() == 1).toList();
        assertEquals(3, members.size());
        assertFalse(c.command(members.get(0), "transfer 5 " + members.get(1)).success(), "prepared only");

        c.restartBank();
        c.runFor(2000);
        assertTrue(c.command(members.get(0), "transfer 5 " + members.get(1)).success(), "confirmed by the restarted bank");
        c.runFor(30_000);
        assertFalse(formed[0] == null, "alice's new-cohort has ended (unanswered by the dead bank: a failure)");
        assertClean(c);
    }

    @Test
    void aMemberBeingDrainedStartsNoRollbackAndItsRestartResumesTheDrainedState() {
        SimCluster c = SimCluster.cohort(17, 100, "alice", "bob", "carol");
        assertTrue(c.command("bob", "transfer 20 alice").success());
        c.runFor(2000);
        // carol cannot hear the bank, so the deletion waits while alice and bob drain.
        c.network.partition(c.handle("carol").port1, SimCluster.BANK);
        Result[] deleted = c.start("bob", "delete-cohort bob");
        c.runFor(1500);
        assertNull(deleted[0], "the bank waits for carol");
        assertTrue(c.node("alice").frozen());

        // A rollback now would undo what alice already reported drained: refused, with the reason.
        Result rolled = c.command("alice", "rollback");
        assertFalse(rolled.success(), rolled.line());
        assertTrue(rolled.text().contains("being deleted"), rolled.line());
        assertEquals(12_000, c.balanceCents("alice"));
        c.kill("alice");
        c.restart("alice");
        assertEquals(12_000, c.balanceCents("alice"), "the restart resumes the drained state");

        c.network.heal();
        c.runUntil(() -> deleted[0] != null, 60_000);
        assertTrue(deleted[0].success(), deleted[0].line());
        c.runFor(5000);
        assertEquals(12_000, c.balanceCents("alice"));
        assertClean(c);
        assertEquals(30_000, c.totalCents());
    }

    @Test
    void aTransferInFlightWhenTheCohortIsDeletedStillArrives() {
        SimCluster c = SimCluster.cohort(13, 100, "alice", "bob", "carol");
        c.network.partition(c.handle("alice").port2, c.handle("bob").port2);
        Result sent = c.command("alice", "transfer 30 bob");
        assertTrue(sent.text().contains("pending"), sent.line());

        Result[] deleted = c.start("carol", "delete-cohort carol");
        c.runFor(1500);
        assertNull(deleted[0], "the bank waits for alice to drain");
        assertFalse(c.command("alice", "transfer 5 carol").success(), "a frozen member starts no transfer");
        c.network.heal();
        c.runUntil(() -> deleted[0] != null, 30_000);
        assertTrue(deleted[0].success(), deleted[0].line());

        c.runFor(2000);
        assertEquals(13_000, c.balanceCents("bob"), "bob received the 30.00 that was in flight");
        assertEquals(7_000, c.balanceCents("alice"));
        for (String name : List.of("alice", "bob", "carol")) {
            assertEquals(0, c.node(name).cohortId(), name + " left");
        }
        assertClean(c);
        assertEquals(30_000, c.totalCents());
    }

    @Test
    void aMemberThatCannotDrainInTimeFailsTheDeletionAndNothingChanges() {
        SimCluster c = SimCluster.cohort(14, 100, "alice", "bob", "carol");
        c.network.partition(c.handle("alice").port2, c.handle("bob").port2);
        assertTrue(c.command("alice", "transfer 30 bob").text().contains("pending"));

        Result deleted = c.command("carol", "delete-cohort carol");
        assertFalse(deleted.success(), deleted.line());
        assertTrue(deleted.text().contains("alice did not drain") && deleted.text().contains("bob#"), deleted.line());
        c.runFor(2000);
        assertEquals(1, c.node("carol").cohortId(), "the cohort is unchanged");
        assertTrue(c.command("carol", "transfer 10 alice").success(), "and thawed");

        c.network.heal();
        c.runFor(5000);
        assertEquals(13_000, c.balanceCents("bob"));
        assertTrue(c.command("carol", "delete-cohort carol").success());
        assertClean(c);
    }

    @Test
    void aDrainedMemberThatCrashesResumesWithoutRollbackAndTheRestartedBankFinishesTheDeletion() {
        SimCluster c = SimCluster.cohort(15, 100, "alice", "bob", "carol");
        assertTrue(c.command("alice", "transfer 20 bob").success());
        c.bankDisk.crashAt("data.csv.journal", ",,active", CrashableStorage.When.AFTER);
        Result[] deleted = c.start("carol", "delete-cohort carol");
        c.runFor(3000);
        assertFalse(c.bankAlive(), "the bank died just after removing cohort 1 from data.csv");
        assertNull(deleted[0]);
        c.kill("bob");
        c.restart("bob");
        assertEquals(12_000, c.balanceCents("bob"), "bob resumed from its drained state, transfer included");
        assertTrue(c.handle("bob").events().stream().noneMatch(e -> e.startsWith("restarted bob from checkpoint")),
                c.handle("bob").events().toString());

        c.restartBank(); // the cohort is gone from data.csv: the members are told to leave
        c.runFor(5000);
        for (String name : List.of("alice", "bob", "carol")) {
            assertEquals(0, c.node(name).cohortId(), name + " left");
        }
        assertClean(c);
        assertEquals(30_000, c.totalCents());
    }

    @Test
    void aTransferFromAnEarlierCohortThatArrivesInTheNextOneIsNotApplied() {
        // alice sent bob 20.00 in cohort 1. The bank dies right after removing the cohort from
        // data.csv, before telling anyone; alice crashes too. Her restart sends the transfer
        // again (she no longer knows it was acknowledged) but cannot reach bob; her
        // authentication layer keeps it, to send again once it learns bob's epoch.
        SimCluster c = SimCluster.cohort(18, 100, "alice", "bob", "carol");
        aliceSendsBobTwentyThenTheBankDiesRightAfterDeletingTheCohort(c);
        c.network.partition(c.handle("alice").port2, c.handle("bob").port2);
        c.kill("alice");
        c.restart("alice");
        c.runFor(2000);

        // bob and carol leave first; then alice's transfer reaches bob, who no longer counts
        // her as a member and drops it; then alice leaves too.
        c.network.block(SimCluster.BANK, c.handle("alice").port1);
        c.restartBank();
        c.runFor(5000);
        assertEquals(0, c.node("bob").cohortId(), "bob left cohort 1");
        assertEquals(1, c.node("alice").cohortId(), "alice has not heard yet");
        c.network.heal();
        c.network.block(SimCluster.BANK, c.handle("alice").port1);
        c.runFor(3000);
        c.network.heal();
        c.runFor(20_000);
        assertEquals(0, c.node("alice").cohortId(), "alice left cohort 1 too");

        // cohort 2 of the same three: the first word between alice and bob tells alice's layer
        // bob's epoch, and the old transfer goes out again, label 1 as then.
        Result formed = c.command("bob", "new-cohort bob 3");
        assertTrue(formed.success(), formed.line());
        c.runFor(1000);
        assertTrue(c.command("bob", "transfer 5 alice").success());
        c.runFor(5000);
        assertEquals(11_500, c.balanceCents("bob"), "bob holds the 20.00 once, minus the 5.00 he sent");
        assertClean(c);
        assertEquals(30_000, c.totalCents());
    }

    @Test
    void aDrainedSenderRestartedWithoutItsNameIsJudgedByWhatItsDiskResumes() {
        // alice's transfer is in bob's drained state; the bank has removed the cohort and died.
        // alice, restarted without --name, knows nothing, but her disk holds the drained state
        // with the transfer sent: no orphan, and the checker must read it so.
        SimCluster c = SimCluster.cohort(19, 100, "alice", "bob", "carol");
        aliceSendsBobTwentyThenTheBankDiesRightAfterDeletingTheCohort(c);
        c.kill("alice");
        c.restartWithoutName("alice");
        assertEquals(List.of(), c.simulatorViolations(false));
        c.kill("alice");
        c.restart("alice");
        assertEquals(8_000, c.balanceCents("alice"), "resumed the drained state");
        c.restartBank();
        c.runFor(5000);
        assertClean(c);
        assertEquals(30_000, c.totalCents());
    }

    @Test
    void aBankWhoseDiskFailsAsItStartsStaysDownUntilStartedAgain() {
        SimCluster c = SimCluster.cohort(20, 100, "alice", "bob", "carol");
        c.kill(BANK);
        c.bankDisk.crashAtWrite(1, CrashableStorage.When.FAIL); // the first write of the next start fails
        c.restartBank();
        assertFalse(c.bankAlive(), "a bank that cannot write its files does not start");
        c.restartBank();
        assertTrue(c.bankAlive());
        assertTrue(c.command("alice", "transfer 5 bob").success());
        assertTrue(c.command("carol", "delete-cohort carol").success(), "the bank works again");
        assertClean(c);
        assertEquals(30_000, c.totalCents());
    }
}
