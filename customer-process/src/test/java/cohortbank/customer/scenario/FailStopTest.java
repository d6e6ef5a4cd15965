package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.customer.sim.CrashableStorage.When;
import cohortbank.customer.sim.SimCluster;
import cohortbank.customer.store.NodeMeta;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A customer whose disk fails at a write stops there (fail-stop) and, restarted on a repaired
 * disk, recovers as from a crash at that write: the cohort ends consistent, no money lost.
 */
class FailStopTest {

    @ParameterizedTest(name = "{0}''s write of {1} ({2}) fails during: {3}")
    @CsvSource({
        "bob,   checkpoints, 'role tentative',  alice checkpoint",
        "bob,   checkpoints, 'v1 commit',       alice checkpoint",
        "alice, checkpoints, 'decision commit', alice checkpoint",
        "bob,   checkpoints,      'pending alice:',  alice rollback",
    })
    void aFailedWriteStopsTheCustomerAndTheRestartRecovers(String victim, String file, String containing, String command) {
        SimCluster c = SimCluster.cohort(61, 100, "alice", "bob", "carol");
        assertTrue(c.command("carol", "transfer 5 bob").success());
        assertTrue(c.command("bob", "transfer 10 alice").success());
        assertTrue(c.command("alice", "transfer 7 carol").success());
        c.handle(victim).storage.crashAt(file, containing, When.FAIL);

        stopsAtTheFailedWriteAndRecovers(c, victim, command);
    }

    /** {@code command} makes {@code victim} stop at its failed write; restarted, it recovers and the cohort is whole. */
    private static void stopsAtTheFailedWriteAndRecovers(SimCluster c, String victim, String command) {
        String[] words = command.split(" ", 2);
        c.start(words[0], words[1]);
        c.runFor(3000);

        assertFalse(c.handle(victim).alive(), victim + " should have stopped at the failed write");
        c.restart(victim);
        c.quiesce();
        c.assertInvariants(true);
        assertEquals(30_000, c.totalCents(), "no money created or lost");
        assertEquals("idle", c.node(victim).activity(), victim + " finished recovering");
    }

    /**
     * A sender's first transfer leases a block of labels with one durable write of its meta
     * file. When that write fails, the sender stops before the transfer leaves, and its
     * restart recovers as from a crash there.
     */
    @ParameterizedTest(name = "{0}''s label lease fails during: {1}")
    @CsvSource({"alice, alice transfer 4 bob", "carol, carol transfer 4 alice"})
    void aFailedWriteOfALabelLeaseStopsTheSenderBeforeTheTransferLeaves(String victim, String command) {
        SimCluster c = SimCluster.cohort(61, 100, "alice", "bob", "carol");
        assertTrue(c.command("bob", "transfer 10 alice").success());
        c.handle(victim).storage.crashAt("checkpoints", "last-label " + NodeMeta.LEASE, When.FAIL);

        stopsAtTheFailedWriteAndRecovers(c, victim, command);
    }

    /**
     * A restart writes the key file first (its epoch grows at every start). When that write
     * fails, the customer stops there: resumed without its key it could neither be heard by its
     * peers nor hear them, and they would re-send to it forever.
     */
    @org.junit.jupiter.api.Test
    void aFailedWriteOfTheKeyFileAtARestartStopsTheCustomer() {
        SimCluster c = SimCluster.cohort(62, 100, "alice", "bob", "carol");
        assertTrue(c.command("bob", "transfer 10 alice").success());
        c.kill("bob");
        c.handle("bob").storage.crashAt("identity.key", "", When.FAIL);

        c.restart("bob");

        assertFalse(c.handle("bob").alive(), "bob should have stopped at the failed write of its key file");
        c.restart("bob");
        assertTrue(c.command("alice", "transfer 5 bob").line().contains("delivered"));
        c.quiesce();
        c.assertInvariants(true);
        assertEquals(30_000, c.totalCents(), "no money created or lost");
        assertEquals("idle", c.node("bob").activity(), "bob finished recovering");
    }

    /** A torn or altered key file is never replaced: the account is not resumed, and the user is told. */
    @org.junit.jupiter.api.Test
    void aCustomerWhoseKeyFileIsUnusableIsNotResumedAsItsAccount() throws Exception {
        SimCluster c = SimCluster.cohort(63, 100, "alice", "bob");
        c.kill("bob");
        c.handle("bob").storage.write("identity.key", "torn".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        c.restart("bob");

        assertTrue(c.handle("bob").alive());
        assertFalse(c.node("bob").hasIdentity(), "bob cannot speak as his account without his key");
        assertTrue(c.handle("bob").events().stream().anyMatch(e -> e.contains("key file") && e.contains("bob is not resumed")),
                c.handle("bob").events().toString());
    }

    /**
     * The meta file holds the label counter and the cohort, which no other file can give back:
     * a corrupt one is never taken for absent, since a counter started again at 0 would give
     * labels twice (the receiver would drop them as duplicates, losing money) and the account
     * would leave a cohort the bank still holds. The account is not resumed, and the user is told.
     */
    @org.junit.jupiter.api.Test
    void aCustomerWhoseStateIsDamagedInTheMiddleIsNotResumedFromAnOlderState() throws Exception {
        SimCluster c = SimCluster.cohort(63, 100, "alice", "bob");
        assertTrue(c.command("bob", "transfer 10 alice").success());
        assertTrue(c.command("bob", "checkpoint").success());
        assertTrue(c.command("bob", "transfer 5 alice").success());
        c.kill("bob");
        // A flipped bit inside the second record, not a torn end: read up to the damage, the log
        // would give back the first meta without the records after it (the checkpoint, leases).
        byte[] log = c.handle("bob").storage.read("checkpoints").orElseThrow();
        String text = new String(log, java.nio.charset.StandardCharsets.UTF_8);
        int second = text.indexOf("cohortbank-log v1 ", 1);
        assertTrue(second > 0 && text.indexOf("cohortbank-log v1 ", second + 1) > 0, "at least three records");
        log[second + 30] ^= 1;
        c.handle("bob").storage.write("checkpoints", log);

        c.restart("bob");

        assertTrue(c.handle("bob").alive());
        assertFalse(c.node("bob").hasIdentity(), "bob is not resumed with an older checkpoint and label counter");
        assertTrue(c.handle("bob").events().stream().anyMatch(e -> e.contains("is damaged")), c.handle("bob").events().toString());
        assertTrue(c.handle("bob").events().stream().anyMatch(e -> e.contains("bob is not resumed")),
                c.handle("bob").events().toString());
        assertArrayEquals(log, c.handle("bob").storage.read("checkpoints").orElseThrow(), "the damaged file is kept");
    }
}
