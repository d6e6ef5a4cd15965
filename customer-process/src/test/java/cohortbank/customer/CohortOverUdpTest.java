package cohortbank.customer;

import static cohortbank.customer.Cluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.customer.account.HistoryEntry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real bank and three customers on loopback UDP, each with its own event loop and ports:
 * accounts are opened, a cohort of three is formed and recorded in data.csv, money moves in
 * both directions, and a checkpoint and a rollback run over the real network with the
 * console lines a user would see.
 */
@Timeout(60)
class CohortOverUdpTest {

    @Test
    void threeCustomersFormACohortTransferCheckpointAndRollBack(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer alice = cluster.customer("alice");
            Cluster.Customer bob = cluster.customer("bob");
            Cluster.Customer carol = cluster.customer("carol");
            assertStartsWith("SUCCESS opened alice balance 100.00 at " + alice.process.port1().host(), alice.result("open alice 100"));
            assertStartsWith("SUCCESS opened bob balance 100.00 at " + bob.process.port1().host(), bob.result("open bob 100"));
            assertStartsWith("SUCCESS opened carol balance 100.00 at " + carol.process.port1().host(), carol.result("open carol 100"));

            String formed = alice.result("new-cohort alice 3");
            assertTrue(formed.startsWith("SUCCESS cohort ") && formed.contains("alice@") && formed.contains("bob@")
                    && formed.contains("carol@"), formed);
            long cohort = alice.process.query(n -> n.cohortId());
            assertTrue(cohort > 0);
            for (Cluster.Customer c : List.of(alice, bob, carol)) {
                assertTrue(eventually(() -> c.sawEvent("joined cohort " + cohort)), c.events().toString());
                assertEquals(cohort, (long) c.process.query(n -> n.cohortId()));
            }
            Map<String, String[]> rows = csvRows(cluster);
            for (String name : List.of("alice", "bob", "carol")) {
                assertEquals(Long.toString(cohort), rows.get(name)[5], "data.csv cohort of " + name);
            }

            assertTrue(alice.result("transfer 10 bob").matches("SUCCESS transfer 10\\.00 to bob \\(label 1\\): delivered; balance 90\\.00"));
            assertTrue(bob.result("transfer 5 alice").startsWith("SUCCESS transfer 5.00 to alice (label 1): delivered"));
            assertTrue(carol.result("transfer 20 bob").startsWith("SUCCESS transfer 20.00 to bob (label 1): delivered"));
            assertResult("SUCCESS balance 95.00", alice.result("balance"));
            assertResult("SUCCESS balance 125.00", bob.result("balance"));
            assertResult("SUCCESS balance 80.00", carol.result("balance"));
            assertResult("SUCCESS 2 history entries; balance 95.00", alice.result("history"));
            assertResult("SUCCESS 3 history entries; balance 125.00", bob.result("history"));
            List<String> bobHistory = bob.run("history");
            assertTrue(bobHistory.stream().anyMatch(l -> l.matches("received +20\\.00 +carol +1")), bobHistory.toString());
            assertHistoriesAgree(Map.of("alice", alice, "bob", bob, "carol", carol));

            // alice received from bob, bob from carol: the checkpoint takes in all three
            String checkpoint = alice.result("checkpoint");
            assertTrue(checkpoint.startsWith("SUCCESS checkpoint alice:") && checkpoint.contains("bob")
                    && checkpoint.contains("carol"), checkpoint);
            assertTrue(eventually(() -> bob.sawEvent("committed") && carol.sawEvent("committed")));
            assertTrue(eventually(() -> {
                Map<String, String[]> now = csvRows(cluster);
                return now.get("alice")[1].equals("95.00") && now.get("bob")[1].equals("125.00")
                        && now.get("carol")[1].equals("80.00");
            }), "data.csv holds the checkpointed balances: " + cluster.dataCsvText());
            List<String> status = alice.run("status");
            assertTrue(status.stream().anyMatch(l -> l.startsWith("checkpoint") && l.contains("alice:")), status.toString());
            assertTrue(status.stream().anyMatch(l -> l.startsWith("bob ") && l.contains(bob.process.port2().toString())),
                    status.toString());

            // a transfer after the checkpoint, then alice rolls back: bob holds an orphan and rolls back too
            assertTrue(alice.result("transfer 30 bob").startsWith("SUCCESS transfer 30.00 to bob (label 2): delivered"));
            assertResult("SUCCESS balance 155.00", bob.result("balance"));
            String rollback = alice.result("rollback");
            assertTrue(rollback.startsWith("SUCCESS rollback alice:") && rollback.contains("bob")
                    && !rollback.contains("carol"), rollback);
            assertTrue(eventually(() -> bob.sawEvent("rolled back to checkpoint")), bob.events().toString());
            assertResult("SUCCESS balance 95.00", alice.result("balance"));
            assertResult("SUCCESS balance 125.00", bob.result("balance"));
            assertResult("SUCCESS balance 80.00", carol.result("balance"));
            assertFalse(carol.sawEvent("rolled back"), carol.events().toString());
            assertHistoriesAgree(Map.of("alice", alice, "bob", bob, "carol", carol));

            // the cohort dissolves; a customer that exits its own account ends its console
            assertTrue(alice.result("delete-cohort alice").startsWith("SUCCESS"));
            assertTrue(eventually(() -> carol.sawEvent("was deleted")), carol.events().toString());
            assertTrue(eventually(() -> csvRows(cluster).get("carol")[5].isEmpty()), cluster.dataCsvText());
            assertFalse(carol.console.handle("exit carol"), "exit of its own customer ends the process");
            assertEquals("exited", csvRows(cluster).get("carol")[6], cluster.dataCsvText());
        }
    }

    private static void assertResult(String expected, String actual) {
        assertEquals(expected, actual);
    }

    private static void assertStartsWith(String expected, String actual) {
        assertTrue(actual.startsWith(expected), "expected '" + expected + "...' but got '" + actual + "'");
    }

    /** Every transfer recorded as sent is recorded as received with the same label and amount, and back. */
    private static void assertHistoriesAgree(Map<String, Cluster.Customer> customers) {
        Map<String, List<HistoryEntry>> histories = new HashMap<>();
        customers.forEach((name, c) -> histories.put(name, c.process.query(n -> n.accountView().history())));
        histories.forEach((name, history) -> {
            for (HistoryEntry h : history) {
                if (h.kind() == HistoryEntry.Kind.SENT) {
                    assertTrue(histories.get(h.counterparty()).contains(
                            new HistoryEntry(HistoryEntry.Kind.RECEIVED, h.amount(), name, h.label())),
                            name + " sent " + h + " but " + h.counterparty() + " did not receive it");
                } else if (h.kind() == HistoryEntry.Kind.RECEIVED) {
                    assertTrue(histories.get(h.counterparty()).contains(
                            new HistoryEntry(HistoryEntry.Kind.SENT, h.amount(), name, h.label())),
                            name + " received " + h + " that " + h.counterparty() + " never sent (an orphan)");
                }
            }
        });
    }

    /** data.csv rows by name: name, balance, ip_address, port1, port2, cohort, exit_state. */
    private static Map<String, String[]> csvRows(Cluster cluster) {
        Map<String, String[]> rows = new HashMap<>();
        List<String> lines = cluster.dataCsvText().lines().toList();
        assertEquals("name,balance,ip_address,port1,port2,cohort,exit_state", lines.get(0).replace("\"", ""));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.replace("\"", "").split(",", -1);
            rows.put(cells[0], cells);
        }
        return rows;
    }
}
