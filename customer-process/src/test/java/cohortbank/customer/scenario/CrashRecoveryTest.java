package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.customer.sim.CrashableStorage.When;
import cohortbank.customer.sim.SimCluster;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN §8: a customer killed at any step of a checkpoint or a rollback restarts from its
 * disk, settles what it was part of, and the cohort ends consistent with no money lost.
 */
class CrashRecoveryTest {

    /** carol → bob → alice, so a checkpoint by alice involves all three. */
    private static SimCluster chain(long seed) {
        SimCluster c = SimCluster.cohort(seed, 100, "alice", "bob", "carol");
        assertTrue(c.command("carol", "transfer 5 bob").success());
        assertTrue(c.command("bob", "transfer 10 alice").success());
        assertTrue(c.command("alice", "transfer 7 carol").success());
        return c;
    }

    private static void recoverAndCheck(SimCluster c, String victim) {
        c.runFor(3000);
        assertFalse(c.handle(victim).alive(), victim + " should have crashed at the armed step");
        c.restart(victim);
        c.quiesce();
        c.assertInvariants(true);
        assertEquals(30000, c.totalCents(), "no money created or lost");
        assertEquals("idle", c.node(victim).activity(), victim + " finished recovering");
    }

    @ParameterizedTest(name = "{0} dies {2} writing {1} ({3})")
    @CsvSource({
        "bob,   checkpoints, BEFORE, 'role tentative'",
        "bob,   checkpoints, AFTER,  'role tentative'",
        "bob,   checkpoints, BEFORE, 'v1 commit'",
        "bob,   checkpoints, AFTER,  'v1 commit'",
        "carol, checkpoints, AFTER,  'role tentative'",
        "carol, checkpoints, BEFORE, 'v1 commit'",
        "alice, checkpoints, BEFORE, 'role tentative'",
        "alice, checkpoints, AFTER,  'role tentative'",
        "alice, checkpoints, BEFORE, 'decision commit'",
        "alice, checkpoints, AFTER,  'decision commit'",
    })
    void killedDuringACheckpoint(String victim, String file, When when, String containing) {
        SimCluster c = chain(11);
        c.handle(victim).storage.crashAt(file, containing, when);

        c.start("alice", "checkpoint");

        recoverAndCheck(c, victim);
    }

    @ParameterizedTest(name = "{0} dies {2} writing {1} ({3})")
    @CsvSource({
        "alice, checkpoints, BEFORE, 'decision alice:'",
        "alice, checkpoints, AFTER,  'decision alice:'",
        "bob,   checkpoints, BEFORE, 'pending alice:'",
        "bob,   checkpoints, AFTER,  'pending alice:'",
        "carol, checkpoints, AFTER,  'pending alice:'",
        "bob,   checkpoints, AFTER,  'epoch 2'",
        "carol, checkpoints, BEFORE, 'dead alice '",
        "carol, checkpoints, AFTER,  'dead alice '",
        "bob,   checkpoints, BEFORE, 'dead carol '",
        "bob,   checkpoints, AFTER,  'dead carol '",
    })
    void killedDuringARollback(String victim, String file, When when, String containing) {
        SimCluster c = chain(12);
        assertTrue(c.command("carol", "transfer 3 bob").success());
        c.handle(victim).storage.crashAt(file, containing, when);

        c.start("alice", "rollback");

        recoverAndCheck(c, victim);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void killedAtARandomInstantOfABusyCohort(long seed) {
        SimCluster c = chain(seed);
        Random random = new Random(seed);
        String[] names = {"alice", "bob", "carol"};
        String victim = names[random.nextInt(3)];
        long killAt = c.scheduler.now() + random.nextInt(400);
        for (int i = 0; i < 40; i++) {
            String who = names[random.nextInt(3)];
            if (!c.handle(who).alive()) {
                continue;
            }
            switch (random.nextInt(6)) {
                case 0 -> c.start(who, "checkpoint");
                case 1 -> c.start(who, "rollback");
                default -> c.start(who, "transfer " + (1 + random.nextInt(3)) + " " + names[(java.util.Arrays.asList(names).indexOf(who) + 1) % 3]);
            }
            c.runFor(random.nextInt(25));
            if (c.scheduler.now() >= killAt && c.handle(victim).alive()) {
                c.kill(victim);
            }
        }
        if (c.handle(victim).alive()) {
            c.kill(victim);
        }
        c.runFor(1000);
        c.restart(victim);
        c.quiesce();
        c.assertInvariants(true);
        assertEquals(30000, c.totalCents(), "seed " + seed);
    }
}
