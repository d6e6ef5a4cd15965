package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.customer.command.Result;
import cohortbank.customer.node.NodeConfig;
import cohortbank.customer.sim.SimCluster;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Members who type {@code checkpoint} or {@code rollback} at the same instant all get SUCCESS,
 * without retrying by hand (docs/PROTOCOL.md, "Simultaneous instances"): the older instance
 * goes first, the younger gives way and is retried by its initiator. Participants stay the
 * dependents only, and the money stays whole.
 */
class SimultaneousInstancesTest {

    /** alice and bob received money from each other; carol did nothing. */
    private static SimCluster aliceAndBobDependOnEachOther(long seed) {
        SimCluster c = SimCluster.cohort(seed, 100, "alice", "bob", "carol");
        assertTrue(c.command("alice", "transfer 10 bob").success());
        assertTrue(c.command("bob", "transfer 10 alice").success());
        c.quiesce();
        return c;
    }

    /** Types every command at the same instant and runs until all are answered (bounded). */
    private static Result[] atOnce(SimCluster c, String... whoAndVerb) {
        Result[][] pending = new Result[whoAndVerb.length][];
        for (int i = 0; i < whoAndVerb.length; i++) {
            String[] w = whoAndVerb[i].split(" ", 2);
            pending[i] = c.start(w[0], w[1]);
        }
        long typedAt = c.scheduler.now();
        c.runUntil(() -> java.util.Arrays.stream(pending).allMatch(p -> p[0] != null),
                NodeConfig.DEFAULTS.initiationBoundMillis() + 1000);
        Result[] replies = new Result[whoAndVerb.length];
        for (int i = 0; i < whoAndVerb.length; i++) {
            replies[i] = pending[i][0];
            assertNotNull(replies[i], "'" + whoAndVerb[i] + "' was not answered within the bound");
            assertTrue(replies[i].success(), "'" + whoAndVerb[i] + "': " + replies[i]);
        }
        assertTrue(c.scheduler.now() - typedAt <= NodeConfig.DEFAULTS.initiationBoundMillis());
        return replies;
    }

    /** Who took part in a committed instance. */
    private static Set<String> tookPart(Result r) {
        return new TreeSet<>(((Result.Committed) r).participants());
    }

    private static boolean everAsked(SimCluster c, String who) {
        return c.handle(who).events().stream().anyMatch(e -> e.startsWith("asked by"));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void twoMembersWhoReceivedFromEachOtherCheckpointAtTheSameInstant(long seed) {
        SimCluster c = aliceAndBobDependOnEachOther(seed);

        Result[] r = atOnce(c, "alice checkpoint", "bob checkpoint");

        // One instance took both (each depends on the other); the other found nothing new to take.
        assertTrue(tookPart(r[0]).equals(Set.of("alice", "bob")) || tookPart(r[1]).equals(Set.of("alice", "bob")),
                r[0] + " / " + r[1]);
        assertTrue(tookPart(r[0]).contains("alice") && tookPart(r[1]).contains("bob"));
        assertFalse(everAsked(c, "carol"), "carol depends on nobody and is never asked");
        c.quiesce();
        assertEquals(10000, c.balanceCents("alice"));
        assertEquals(10000, c.balanceCents("bob"));
        assertEquals(10000, c.balanceCents("carol"));
        c.assertInvariants(true);
    }

    @Test
    void threeMembersInACycleCheckpointAtTheSameInstant() {
        SimCluster c = SimCluster.cohort(21, 100, "alice", "bob", "carol", "dave");
        assertTrue(c.command("alice", "transfer 10 bob").success());
        assertTrue(c.command("bob", "transfer 20 carol").success());
        assertTrue(c.command("carol", "transfer 30 alice").success());
        c.quiesce();

        Result[] r = atOnce(c, "alice checkpoint", "bob checkpoint", "carol checkpoint");

        for (int i = 0; i < 3; i++) {
            assertTrue(Set.of("alice", "bob", "carol").containsAll(tookPart(r[i])), r[i].toString());
        }
        assertFalse(everAsked(c, "dave"), "dave depends on nobody and is never asked");
        c.quiesce();
        assertEquals(12000, c.balanceCents("alice"));
        assertEquals(9000, c.balanceCents("bob"));
        assertEquals(9000, c.balanceCents("carol"));
        c.assertInvariants(true);
    }

    @Test
    void twoSimultaneousRollbacksBothSucceedAndUndoBothTransfers() {
        SimCluster c = aliceAndBobDependOnEachOther(31);
        assertTrue(c.command("alice", "transfer 5 bob").success());
        c.quiesce();

        Result[] r = atOnce(c, "alice rollback", "bob rollback");

        assertTrue(tookPart(r[0]).contains("alice") && tookPart(r[1]).contains("bob"), r[0] + " / " + r[1]);
        c.quiesce();
        assertEquals(10000, c.balanceCents("alice"), "back to the checkpoint taken at joining");
        assertEquals(10000, c.balanceCents("bob"));
        assertFalse(c.handle("carol").events().stream().anyMatch(e -> e.startsWith("rolled back")),
                "carol holds no orphan and never rolls back");
        c.assertInvariants(true);
        assertEquals(30000, c.totalCents());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"checkpoint/rollback", "rollback/checkpoint"})
    void aCheckpointMeetingARollbackBothSucceed(String pair) {
        String[] verbs = pair.split("/");
        SimCluster c = aliceAndBobDependOnEachOther(pair.hashCode());

        Result[] r = atOnce(c, "alice " + verbs[0], "bob " + verbs[1]);

        assertTrue(tookPart(r[0]).contains("alice") && tookPart(r[1]).contains("bob"), r[0] + " / " + r[1]);
        c.quiesce();
        c.assertInvariants(true);
        assertEquals(30000, c.totalCents());
        assertEquals(10000, c.balanceCents("carol"));
    }

    @Test
    void aRecoveryRollbackMeetingAUserCheckpointBothFinish() {
        SimCluster c = aliceAndBobDependOnEachOther(41);
        assertTrue(c.command("bob", "transfer 7 alice").success());
        c.quiesce();
        c.kill("bob");
        c.restart("bob"); // bob's recovery rollback starts now: alice holds orphans of bob

        Result[] r = atOnce(c, "alice checkpoint");

        assertTrue(tookPart(r[0]).contains("alice"), r[0].toString());
        c.quiesce();
        assertTrue(c.handle("bob").events().stream().anyMatch(e -> e.startsWith("recovery complete")));
        assertEquals("idle", c.node("bob").activity());
        assertEquals("idle", c.node("alice").activity());
        c.assertInvariants(true);
        assertEquals(30000, c.totalCents());
    }

    @Test
    void aUserCommandTypedWhileTheNodeTakesPartInAnotherInstanceWaitsItsTurn() {
        SimCluster c = aliceAndBobDependOnEachOther(51);
        Result[] first = c.start("alice", "checkpoint");
        c.runFor(1); // bob is asked, and joins alice's instance

        Result[] r = atOnce(c, "bob rollback");

        c.runUntil(() -> first[0] != null, 10_000);
        assertTrue(first[0].success(), first[0].toString());
        assertTrue(r[0].success(), r[0].toString());
        c.quiesce();
        c.assertInvariants(true);
    }

    @Test
    void aMemberReallyDownMakesACheckpointFailNamingItWithinTheBound() {
        SimCluster c = aliceAndBobDependOnEachOther(61);
        c.kill("bob");

        long typedAt = c.scheduler.now();
        Result r = c.command("alice", "checkpoint");

        assertFalse(r.success(), r.toString());
        assertTrue(r.text().contains("bob"), "names who: " + r);
        assertTrue(c.scheduler.now() - typedAt <= NodeConfig.DEFAULTS.initiationBoundMillis(), "answered within the bound");
    }
}
