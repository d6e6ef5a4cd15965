package cohortbank.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.wire.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's answer reaches the console from the event loop that has it, without first
 * waking the thread that waits for it; when the wait ends first, that thread gives it. Either
 * way it is given exactly once, before {@link CustomerProcess#command} returns.
 */
@Timeout(60)
class AnswerOnTheEventLoopTest {

    private record Given(String thread, String line) {
    }

    @Test
    void theNodesAnswerIsGivenOnTheEventLoopBeforeTheWaitReturns(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer alice = cluster.customer("alice");
            List<Given> given = new ArrayList<>();

            Reply reply = alice.process.command(List.of("checkpoint"), 5_000,
                    line -> given.add(new Given(Thread.currentThread().getName(), line)));

            assertEquals(1, given.size(), given.toString());
            assertTrue(given.get(0).thread().startsWith("customer-"), given.toString());
            assertEquals(reply.line(), given.get(0).line());
            assertTrue(reply.line().startsWith("FAILURE"), reply.line()); // no account yet
        }
    }

    @Test
    void anAnswerThatComesTooLateIsGivenOnceByTheWaitingThread(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer alice = cluster.customer("alice");
            cluster.bank().close(); // nothing answers the open: the wait ends first
            List<Given> given = new ArrayList<>();

            Reply reply = alice.process.command(List.of("open", "alice", "100"), 300,
                    line -> given.add(new Given(Thread.currentThread().getName(), line)));

            assertEquals(List.of(new Given(Thread.currentThread().getName(), reply.line())), given);
            assertTrue(reply.line().startsWith("FAILURE open: no answer within 300 ms"), reply.line());
        }
    }
}
