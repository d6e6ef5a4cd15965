package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.customer.sim.SimCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The initiator's user hears a committed checkpoint or rollback before the decision goes down
 * the tree (DESIGN §5.5): the answer needs only the initiator's own durable decision, so the
 * decision notices, which wake every participant, must not stand between it and the console.
 */
class InitiatorAnswersFirstTest {

    /** What alice did, in order: her answer to the user, and each decision notice she sent. */
    private static List<String> answerAndNotices(String command, String decisionVerb) {
        SimCluster c = SimCluster.cohort(9, 100, "alice", "bob", "carol");
        if (command.equals("checkpoint")) {
            assertTrue(c.command("bob", "transfer 10 alice").success());
            assertTrue(c.command("carol", "transfer 5 alice").success());
        } else {
            assertTrue(c.command("alice", "transfer 10 bob").success());
            assertTrue(c.command("alice", "transfer 5 carol").success());
        }
        List<String> seen = new ArrayList<>();
        c.onPlainSend((from, to, text) -> {
            if (from.equals("alice") && text.contains(" " + decisionVerb + " ") && !text.contains("@re=")) {
                seen.add("notice");
            }
        });
        c.onTrace(line -> {
            if (line.startsWith("alice > ")) {
                seen.add(line.substring("alice > ".length()).split(" ")[0]);
            }
        });
        c.command("alice", command);
        c.quiesce();
        c.assertInvariants(true);
        return seen;
    }

    @Test
    void aCheckpointIsAnsweredBeforeItsDecisionIsSent() {
        assertEquals(List.of("SUCCESS", "notice", "notice"), answerAndNotices("checkpoint", "ckpt-decision").subList(0, 3));
    }

    @Test
    void aRollbackIsAnsweredBeforeItsDecisionIsSent() {
        assertEquals(List.of("SUCCESS", "notice", "notice"), answerAndNotices("rollback", "rb-decision").subList(0, 3));
    }
}
