package cohortbank.customer.sim;

import cohortbank.customer.command.Result;
import cohortbank.customer.node.NodeConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that every {@code checkpoint} and {@code rollback} the workload typed completes
 * (docs/TESTING.md, "Every initiation completes"). An initiation typed at customer X at time
 * t0 and answered at t1 must be answered SUCCESS, and within
 * {@link NodeConfig#initiationBoundMillis} of t0. Only two things excuse it:
 * <ul>
 *   <li>X was killed before answering: the command died with its process, nothing is owed;</li>
 *   <li>the answer is FAILURE and a member was <em>unavailable</em> at some instant of
 *       [t0 − {@link #AFTERMATH_MILLIS}, t1]: a customer was down (crashed and not yet
 *       restarted), a partition cut members apart, or a customer's cohort was being formed or
 *       deleted by the bank (its members then start nothing, and say so). Loss, duplication
 *       and delay are not unavailability: the protocol must ride them out.</li>
 * </ul>
 * Once the run is quiet, an initiation still unanswered is a violation too.
 */
final class CompletionChecker {

    /**
     * How long after a member became reachable again an initiation may still fail: a member
     * that voted yes in an instance whose initiator crashed waits up to one instance budget
     * before asking for the outcome, and cannot join anything meanwhile.
     */
    static final long AFTERMATH_MILLIS = NodeConfig.DEFAULTS.instanceBudgetMillis();

    private static final class Initiation {
        final String who;
        final String verb;
        final long typedAt;
        final int incarnation;
        final Result[] answer;
        long answeredAt = -1;
        boolean excused;

        Initiation(String who, String verb, long typedAt, int incarnation, Result[] answer) {
            this.who = who;
            this.verb = verb;
            this.typedAt = typedAt;
            this.incarnation = incarnation;
            this.answer = answer;
        }

        @Override
        public String toString() {
            return "'" + verb + "' typed at " + who + " at " + typedAt + " ms";
        }
    }

    private final SimCluster cluster;
    private final List<Initiation> open = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    /** Each customer's incarnation when last looked at: a kill and restart between two events still counts as down. */
    private final Map<String, Integer> incarnations = new HashMap<>();
    private boolean partitioned;
    private long lastUnreachableAt = Long.MIN_VALUE / 2;

    CompletionChecker(SimCluster cluster) {
        this.cluster = cluster;
    }

    /** The workload typed {@code verb} at {@code who}; {@code answer} fills in when it is answered. */
    void typed(String who, String verb, Result[] answer) {
        Initiation i = new Initiation(who, verb, cluster.scheduler.now(), cluster.handle(who).incarnation(), answer);
        i.excused = cluster.scheduler.now() - lastUnreachableAt <= AFTERMATH_MILLIS;
        open.add(i);
        afterEvent();
    }

    /** A partition was cut ({@code true}) or every partition healed ({@code false}). */
    void partitioned(boolean cut) {
        partitioned = cut;
        afterEvent();
    }

    /** After every simulated event: notes who is unreachable and which initiations were answered. */
    void afterEvent() {
        long now = cluster.scheduler.now();
        boolean unreachable = partitioned;
        for (SimCluster.Handle h : cluster.handles()) {
            Integer seen = incarnations.put(h.name, h.incarnation());
            unreachable |= !h.alive() || (seen != null && seen != h.incarnation())
                    || (h.node().cohortId() != 0 && !h.node().movesMoneyInCohort());
        }
        if (unreachable) {
            lastUnreachableAt = now;
        }
        for (int k = open.size() - 1; k >= 0; k--) {
            Initiation i = open.get(k);
            i.excused |= unreachable;
            if (i.answer[0] != null) {
                i.answeredAt = now;
                judge(i);
                open.remove(k);
            } else if (!cluster.handle(i.who).alive() || cluster.handle(i.who).incarnation() != i.incarnation) {
                open.remove(k); // died with its process (perhaps restarted since): nothing is owed
            }
        }
    }

    private void judge(Initiation i) {
        Result r = i.answer[0];
        if (i.answeredAt - i.typedAt > NodeConfig.DEFAULTS.initiationBoundMillis()) {
            violations.add("completion: " + i + " answered only after " + (i.answeredAt - i.typedAt) + " ms: " + r.line());
        } else if (!r.success() && !i.excused) {
            violations.add("completion: " + i + " failed with every member reachable: " + r.line());
        }
    }

    /** Initiations answered too late, or failed without an excuse, so far. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    /** Once the run is quiet: the initiations never answered, though their customer is up. */
    List<String> unanswered() {
        return open.stream().map(i -> "completion: " + i + " was never answered").toList();
    }
}
