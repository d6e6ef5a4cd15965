package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.wire.Reply;
import cohortbank.customer.sim.SimCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two instances started at once never deadlock: both end in bounded time, a loser says retry, a retry works. */
class ConcurrentInstancesTest {

    private static SimCluster pairThatDependOnEachOther(long seed) {
        SimCluster c = SimCluster.cohort(seed, 100, "alice", "bob", "carol");
        assertTrue(c.command("alice", "transfer 10 bob").success());
        assertTrue(c.command("bob", "transfer 10 alice").success());
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"checkpoint/checkpoint", "rollback/rollback", "checkpoint/rollback", "rollback/checkpoint"})
    void twoInitiatorsAtOnceBothFinishAndARetrySucceeds(String pair) {
        String[] verbs = pair.split("/");
        SimCluster c = pairThatDependOnEachOther(pair.hashCode());

        Reply[] a = c.start("alice", verbs[0]);
        Reply[] b = c.start("bob", verbs[1]);
        c.runUntil(() -> a[0] != null && b[0] != null, 30_000);

        assertNotNull(a[0], "alice's " + verbs[0] + " never ended");
        assertNotNull(b[0], "bob's " + verbs[1] + " never ended");
        if (!a[0].success() || !b[0].success()) {
            Reply loser = a[0].success() ? b[0] : a[0];
            assertTrue(loser.text().contains("retry"), "a failure says to retry: " + loser);
        }
        c.quiesce();
        Reply retry = c.command("alice", verbs[0]);
        assertTrue(retry.success(), "retry: " + retry);
        c.quiesce();
        c.assertInvariants(true);
    }
}
