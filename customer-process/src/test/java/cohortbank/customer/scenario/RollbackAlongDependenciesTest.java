package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Endpoint;
import cohortbank.customer.command.Result;
import cohortbank.customer.sim.SimCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A rollback travels along dependencies only (DESIGN §6): the initiator asks the members it
 * sent to since its latest permanent checkpoint, a member that must roll back asks those it
 * sent to since its own, and a restored member tells only the members it had received from
 * since its checkpoint to send again. Members that depend on nothing undone never hear of it.
 * Only a restart after a crash, which lost the table of whom it sent to, asks everyone.
 */
class RollbackAlongDependenciesTest {

    private static final String[] EIGHT = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};

    /** Rollback datagrams customers put on the network, as "sender -> receiver", by kind. */
    private static final class Watched {
        final List<String> requests = new ArrayList<>();
        final List<String> resyncs = new ArrayList<>();
        final List<String> decisions = new ArrayList<>();
        final Set<String> heardOfIt = new TreeSet<>();
    }

    private static Watched watch(SimCluster c) {
        Watched w = new Watched();
        c.onPlainSend((from, to, text) -> {
            String edge = from + " -> " + nameAt(c, to);
            if (text.contains("@re=")) {
                return; // an answer, not a message of its own
            } else if (text.contains("rb-request ")) {
                w.requests.add(edge);
            } else if (text.contains("resync ")) {
                w.resyncs.add(edge);
            } else if (text.contains("rb-decision ")) {
                w.decisions.add(edge);
            } else {
                return;
            }
            w.heardOfIt.add(nameAt(c, to));
        });
        return w;
    }

    private static String nameAt(SimCluster c, Endpoint at) {
        for (String name : c.names()) {
            SimCluster.Handle h = c.handle(name);
            if (h.port1.equals(at) || h.port2.equals(at)) {
                return name;
            }
        }
        return at.toString();
    }

    /** Durable writes each customer makes from now on: read the returned map's values after the run. */
    private static Map<String, Long> writesFrom(SimCluster c) {
        Map<String, Long> before = new LinkedHashMap<>();
        c.names().forEach(n -> before.put(n, c.handle(n).storage.version()));
        return before;
    }

    private static Map<String, Long> writesSince(SimCluster c, Map<String, Long> before) {
        Map<String, Long> made = new LinkedHashMap<>();
        before.forEach((n, v) -> made.put(n, c.handle(n).storage.version() - v));
        return made;
    }

    /** {@code who} types {@code rollback}, which commits, and the network falls quiet. */
    private static void rollBack(SimCluster c, String who) {
        Result rolled = c.command(who, "rollback");
        assertTrue(rolled.success(), rolled.toString());
        c.quiesce();
    }

    @Test
    void anInitiatorThatSentToEveryoneAsksEachOnceAndTheyAskNobody() {
        SimCluster c = SimCluster.cohort(11, 100, EIGHT);
        for (String receiver : List.of(EIGHT).subList(1, 8)) {
            assertTrue(c.command("alice", "transfer 5 " + receiver).success());
        }
        c.quiesce();
        Watched w = watch(c);
        Map<String, Long> before = writesFrom(c);

        rollBack(c, "alice");

        // Each receiver holds an orphan of alice and rolls back, but sent nothing itself: it asks
        // no one, and tells only alice, the one it received from, what it now holds.
        assertEquals(7, w.requests.size(), w.requests.toString());
        assertTrue(w.requests.stream().allMatch(r -> r.startsWith("alice -> ")), w.requests.toString());
        assertEquals(7, w.decisions.size(), w.decisions.toString());
        assertEquals(7, w.resyncs.size(), w.resyncs.toString());
        assertTrue(w.resyncs.stream().allMatch(r -> r.endsWith(" -> alice")), w.resyncs.toString());
        // One durable write each: alice's decision (with its new incarnation), each other's
        // promise (with the incarnation its restore starts) and, on commit, the dead labels.
        Map<String, Long> writes = writesSince(c, before);
        assertEquals(1, writes.get("alice"), writes.toString());
        for (String member : List.of(EIGHT).subList(1, 8)) {
            assertTrue(writes.get(member) <= 2, writes.toString());
        }
        assertEquals(10000, c.balanceCents("alice"));
        assertEquals(10000, c.balanceCents("heidi"));
        c.assertInvariants(true);
    }

    @Test
    void aRollbackOfASenderToOneMemberIsHeardByThatMemberOnly() {
        SimCluster c = SimCluster.cohort(12, 100, EIGHT);
        assertTrue(c.command("alice", "transfer 5 bob").success());
        c.quiesce();
        Watched w = watch(c);

        rollBack(c, "alice");

        assertEquals(List.of("alice -> bob"), w.requests);
        assertEquals(Set.of("alice", "bob"), w.heardOfIt, "carol..heidi never hear of it");
        assertEquals(10000, c.balanceCents("bob"), "bob held the orphan and rolled back");
        assertEquals(10000, c.balanceCents("alice"));
        c.assertInvariants(true);
    }

    @Test
    void aMemberThatRollsBackAsksThoseItSentToInTurn() {
        SimCluster c = SimCluster.cohort(13, 100, EIGHT);
        assertTrue(c.command("alice", "transfer 5 bob").success());
        c.quiesce();
        assertTrue(c.command("bob", "transfer 7 carol").success());
        c.quiesce();
        Watched w = watch(c);

        rollBack(c, "alice");

        assertEquals(List.of("alice -> bob", "bob -> carol"), w.requests);
        assertEquals(10000, c.balanceCents("carol"), "carol held bob's orphan and rolled back too");
        assertEquals(10000, c.balanceCents("bob"));
        c.assertInvariants(true);
    }

    @Test
    void aRestoredReceiverTellsASenderItNeverSentToToSendAgain() {
        SimCluster c = SimCluster.cohort(15, 100, "alice", "bob", "carol");
        // carol sends to bob; bob depends on alice too; bob sends nothing to carol.
        assertTrue(c.command("carol", "transfer 9 bob").success());
        assertTrue(c.command("alice", "transfer 5 bob").success());
        c.quiesce();
        Watched w = watch(c);

        rollBack(c, "alice");

        assertEquals(List.of("alice -> bob"), w.requests, "carol is no dependency of the rollback");
        assertTrue(w.resyncs.contains("bob -> carol"), "carol must re-send what bob's restore undid: " + w.resyncs);
        assertEquals(10900, c.balanceCents("bob"), "carol's 9 arrived again; alice's 5 is undone");
        assertEquals(9100, c.balanceCents("carol"));
        c.assertInvariants(true);
    }

    @Test
    void aRestartedMemberAsksEveryoneForItHasLostWhomItSentTo() {
        SimCluster c = SimCluster.cohort(14, 100, "alice", "bob", "carol", "dave");
        assertTrue(c.command("alice", "transfer 5 bob").success());
        c.quiesce();
        Watched w = watch(c);

        c.kill("alice");
        c.restart("alice");
        c.quiesce();

        assertTrue(w.requests.containsAll(List.of("alice -> bob", "alice -> carol", "alice -> dave")), w.requests.toString());
        assertEquals(10000, c.balanceCents("bob"));
        c.assertInvariants(true);
    }
}
