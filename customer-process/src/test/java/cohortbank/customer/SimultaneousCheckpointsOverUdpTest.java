package cohortbank.customer;

import static cohortbank.customer.Cluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over real UDP, two members who received money from each other type {@code checkpoint} (or
 * {@code rollback}) into their consoles at the same instant, round after round: every command
 * ends in SUCCESS without anyone retrying by hand (before, both answered "busy; retry" every
 * time).
 */
@Timeout(300)
@Tag("slow")
class SimultaneousCheckpointsOverUdpTest {

    /** Rounds of simultaneous commands; {@code -Dcohort.simultaneous.rounds=40} for a longer measurement. */
    static final int ROUNDS = Integer.getInteger("cohort.simultaneous.rounds", 4);

    @Test
    void twoConsolesTypingAtTheSameInstantBothSucceed(@TempDir Path dir) throws Exception {
        ExecutorService typists = Executors.newFixedThreadPool(2);
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer alice = cluster.customer("alice");
            Cluster.Customer bob = cluster.customer("bob");
            Cluster.Customer carol = cluster.customer("carol");
            for (Cluster.Customer c : List.of(alice, bob, carol)) {
                String name = c == alice ? "alice" : c == bob ? "bob" : "carol";
                assertTrue(c.result("open " + name + " 100").startsWith("SUCCESS"));
            }
            assertTrue(alice.result("new-cohort alice 3").startsWith("SUCCESS"));
            assertTrue(eventually(() -> bob.sawEvent("confirmed by the bank") && carol.sawEvent("confirmed by the bank")));

            for (int round = 1; round <= ROUNDS; round++) {
                assertTrue(alice.result("transfer 1 bob").startsWith("SUCCESS"));
                assertTrue(bob.result("transfer 1 alice").startsWith("SUCCESS"));
                String verb = round % 2 == 1 ? "checkpoint" : "rollback";
                CyclicBarrier together = new CyclicBarrier(2);
                Future<String> a = typists.submit(() -> {
                    together.await();
                    return alice.result(verb);
                });
                Future<String> b = typists.submit(() -> {
                    together.await();
                    return bob.result(verb);
                });
                String fromAlice = a.get(40, TimeUnit.SECONDS);
                String fromBob = b.get(40, TimeUnit.SECONDS);
                assertTrue(fromAlice.startsWith("SUCCESS " + verb + " alice:"), "round " + round + ", alice: " + fromAlice);
                assertTrue(fromBob.startsWith("SUCCESS " + verb + " bob:"), "round " + round + ", bob: " + fromBob);
            }
            assertTrue(eventually(() -> alice.process.query(n -> n.activity()).equals("idle")
                    && bob.process.query(n -> n.activity()).equals("idle")));
            assertEquals("SUCCESS balance 100.00", carol.result("balance"));
            assertTrue(carol.events().stream().noneMatch(e -> e.contains("asked by")), "carol depends on nobody: " + carol.events());
            long total = 0;
            for (Cluster.Customer c : List.of(alice, bob, carol)) {
                total += c.process.query(n -> n.balance().cents());
            }
            assertEquals(30000, total, "no money created or lost");
        } finally {
            typists.shutdownNow();
        }
    }
}
