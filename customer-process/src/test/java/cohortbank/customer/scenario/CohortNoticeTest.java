package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.customer.sim.SimCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only the bank forms and dissolves cohorts: a stranger's notice changes nothing. */
class CohortNoticeTest {

    @Test
    void aStrangerCannotRewriteOrDissolveACohort() {
        SimCluster c = SimCluster.cohort(5, 100, "alice", "bob");
        Transport mallory = c.network.transport(new Endpoint("127.0.0.1", 30000));
        List<String> answers = new ArrayList<>();
        mallory.start(d -> answers.add(d.text()));

        Endpoint alice = c.handle("alice").port1;
        mallory.send(alice, "@id=m-1 cohort-formed 9 mallory@127.0.0.1:30001 alice@127.0.0.1:20001");
        mallory.send(alice, "@id=m-2 cohort-deleted 1");
        c.runFor(1000);

        assertEquals(2, answers.size(), answers.toString());
        answers.forEach(a -> assertTrue(a.contains("FAILURE") && a.contains("only from the bank"), a));
        assertEquals(1, c.node("alice").cohortId());
        assertEquals(List.of("alice", "bob"), c.node("alice").members().stream().map(m -> m.name()).toList());
        assertTrue(c.command("alice", "transfer 5 bob").success());
    }
}
