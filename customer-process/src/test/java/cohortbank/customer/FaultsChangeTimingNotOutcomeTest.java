package cohortbank.customer;

import static cohortbank.customer.Cluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.FaultPlan;
import cohortbank.common.net.FaultyTransport;
import cohortbank.common.net.LinkFaults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transport faults change when things happen, never what happens: a real bank and three
 * customers over loopback UDP play the same session twice, once on a clean network and once
 * with every process dropping 30% of what it sends, duplicating 30%, holding back 20% and
 * delaying everything 0-30 ms. Both runs must end with the same command results, the same
 * checkpoint and rollback participants, the same histories and balances, and data.csv must
 * hold the same checkpointed balances.
 *
 * <p>Like a user, the session waits for what it can see (a transfer received, a checkpoint
 * committed) before its next step; a transfer still on its way when a checkpoint starts would
 * legitimately change who takes part.
 */
@Timeout(180)
@Tag("slow")
class FaultsChangeTimingNotOutcomeTest {

    static final LinkFaults HOSTILE = new LinkFaults(0.3, 0.3, 0.2, 0, 30);

    @ParameterizedTest(name = "fault seed {0}")
    @ValueSource(longs = {17, 18})
    void aHostileNetworkEndsWithExactlyTheOutcomeOfACleanOne(long seed, @TempDir Path dir) throws IOException {
        List<String> clean = session(dir.resolve("clean"), FaultPlan.NONE, 0);
        List<String> hostile = session(dir.resolve("hostile"), FaultPlan.NONE.withDefault(HOSTILE), seed);
        assertTrue(clean.stream().anyMatch(l -> l.startsWith("checkpoint -> SUCCESS checkpoint alice:")), clean.toString());
        assertEquals(String.join("\n", clean), String.join("\n", hostile), "fault seed " + seed);
    }

    /** Plays the session; returns its outcome, one line per fact. */
    private static List<String> session(Path dir, FaultPlan plan, long seed) throws IOException {
        List<String> outcome = new ArrayList<>();
        try (Cluster cluster = new Cluster(dir, plan, seed)) {
            Map<String, Cluster.Customer> c = new LinkedHashMap<>();
            for (String name : List.of("alice", "bob", "carol")) {
                c.put(name, cluster.customer(name));
                outcome.add(step(c.get(name), "open " + name + " 100"));
            }
            outcome.add(step(c.get("alice"), "new-cohort alice 3"));
            long cohort = c.get("alice").process.query(n -> n.cohortId());
            for (Cluster.Customer member : c.values()) {
                assertTrue(eventually(() -> member.sawEvent("joined cohort " + cohort)), member.events().toString());
            }

            transfer(c, "alice", "bob", 10);
            transfer(c, "bob", "alice", 5);
            transfer(c, "carol", "bob", 20);
            outcome.add(step(c.get("alice"), "checkpoint"));
            assertTrue(eventually(() -> c.get("bob").sawEvent("committed") && c.get("carol").sawEvent("committed")));
            assertTrue(eventually(() -> cluster.dataCsvText().contains("alice,95.00,")
                    && cluster.dataCsvText().contains("bob,125.00,") && cluster.dataCsvText().contains("carol,80.00,")),
                    "data.csv holds the checkpointed balances: " + cluster.dataCsvText());

            transfer(c, "alice", "bob", 30);
            outcome.add(step(c.get("carol"), "lost-transfer 7 alice"));
            outcome.add(step(c.get("alice"), "rollback"));
            assertTrue(eventually(() -> c.get("bob").sawEvent("rolled back to checkpoint")), c.get("bob").events().toString());

            // the end state
            for (Map.Entry<String, Cluster.Customer> e : c.entrySet()) {
                outcome.add(e.getKey() + " " + e.getValue().result("balance"));
                e.getValue().process.query(n -> n.accountView().history())
                        .forEach(h -> outcome.add(e.getKey() + " history " + h));
            }
            outcome.add("data.csv " + cluster.dataCsvText().lines()
                    .map(l -> l.split(",")[0] + "=" + l.split(",")[1]).toList());
            if (!plan.none()) {
                FaultyTransport.Stats bankFaults = cluster.bank().faults().stats();
                FaultyTransport.Stats aliceFaults = c.get("alice").process.faults().stats();
                assertTrue(bankFaults.dropped() > 0 && aliceFaults.dropped() > 0 && aliceFaults.duplicated() > 0
                        && aliceFaults.reordered() > 0, "the network really was hostile: " + bankFaults + " " + aliceFaults);
            }
        }
        return outcome;
    }

    /** A transfer, then the wait a user makes: until the receiver shows it. */
    private static void transfer(Map<String, Cluster.Customer> c, String from, String to, int amount) {
        Cluster.Customer receiver = c.get(to);
        String result = c.get(from).result("transfer " + amount + " " + to);
        assertTrue(result.startsWith("SUCCESS transfer " + amount + ".00 to " + to), result);
        assertTrue(eventually(() -> receiver.sawEvent("received " + amount + ".00 from " + from)),
                to + " never received " + amount + " from " + from + ": " + receiver.events());
    }

    /**
     * A command's outcome without its timing: success or failure, and who took part. Ports and
     * "delivered"/"pending" differ from run to run by design.
     */
    private static String step(Cluster.Customer who, String line) {
        String result = who.result(line);
        String outcome = result.replaceAll("127\\.0\\.0\\.1:\\d+(/\\d+)?", "ADDR")
                .replaceAll(": (delivered|pending[^;]*);", ";");
        return line + " -> " + outcome;
    }
}
