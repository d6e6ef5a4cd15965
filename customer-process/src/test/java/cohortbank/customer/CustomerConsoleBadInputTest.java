package cohortbank.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.console.Console;
import cohortbank.common.log.ProcessLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad console input, piped in as a script: each line gets exactly one
 * {@code FAILURE} line naming the problem, the process keeps reading, and nothing changes —
 * not the balance, not the history, not the label counter, not the bank's table.
 */
@Timeout(60)
class CustomerConsoleBadInputTest {

    /** A console line and a fragment its one result line must contain. */
    private record Expect(String line, String result) {
    }

    private static Expect fails(String line, String fragment) {
        return new Expect(line, "FAILURE " + fragment);
    }

    private static Expect ok(String line, String fragment) {
        return new Expect(line, "SUCCESS " + fragment);
    }

    @Test
    void everyBadLineGetsOneFailureNamingTheProblemAndChangesNothing(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer bob = cluster.customer("bob");
            assertTrue(bob.result("open bob 50").startsWith("SUCCESS"));
            Cluster.Customer alice = cluster.customer("alice");

            List<Expect> script = List.of(
                    // before open: nothing but open (and help/quit) can work
                    fails("balance", "balance: no account yet"),
                    fails("status", "status: no account yet"),
                    fails("history", "history: no account yet"),
                    fails("deposit 10", "deposit: no account yet"),
                    fails("withdrawal 10", "withdrawal: no account yet"),
                    fails("transfer 5 bob", "transfer: no account yet"),
                    fails("lost-transfer 5 bob", "lost-transfer: no account yet"),
                    fails("checkpoint", "checkpoint: no account yet"),
                    fails("rollback", "rollback: no account yet"),
                    // malformed lines and unknown commands
                    fails("frobnicate", "unknown command 'frobnicate'"),
                    fails("Balance", "unknown command 'Balance'"),
                    fails("deposit \u0001 5", "control character"),
                    fails("@id=7 balance", "headers"),
                    // bad open
                    fails("open alice", "open: expected 2 or 5 arguments, got 1"),
                    fails("open alice -5", "must not be negative"),
                    fails("open alice 1.234", "more than two decimals"),
                    fails("open alice abc", "not an amount"),
                    fails("open 9lives 10", "bad name '9lives'"),
                    fails("open alice 10 1.2.3 5000 5001", "bad ipv4 '1.2.3'"),
                    fails("open alice 10 127.0.0.1 5000 5000", "port1 and port2 must differ"),
                    fails("open alice 10 127.0.0.1 80 5001", "port1"),
                    ok("open alice 100", "opened alice"),
                    fails("open alice2 100", "already customer alice"),
                    // wrong argument counts
                    fails("deposit", "deposit: expected 1 argument, got 0"),
                    fails("deposit 1 2", "deposit: expected 1 argument, got 2"),
                    fails("withdrawal", "withdrawal: expected 1 argument, got 0"),
                    fails("transfer 5", "transfer: expected 2 arguments, got 1"),
                    fails("transfer 5 bob now", "transfer: expected 2 arguments, got 3"),
                    fails("lost-transfer 5", "lost-transfer: expected 2 arguments, got 1"),
                    fails("checkpoint now", "checkpoint: expected 0 arguments, got 1"),
                    fails("rollback 1", "rollback: expected 0 arguments, got 1"),
                    fails("new-cohort alice", "new-cohort: expected 2 arguments, got 1"),
                    fails("delete-cohort", "delete-cohort: expected 1 argument, got 0"),
                    fails("exit", "exit: expected 1 argument, got 0"),
                    fails("balance now", "balance: expected 0 arguments, got 1"),
                    fails("status all", "status: expected 0 arguments, got 1"),
                    fails("history all", "history: expected 0 arguments, got 1"),
                    fails("help me", "help: expected 0 arguments, got 1"),
                    fails("quit now", "quit: expected 0 arguments, got 1"),
                    // fault injection: bad values are named, good ones apply, off clears
                    fails("faults --drop 2", "faults: --drop '2': a probability is at most 1"),
                    fails("faults --delay 9-1", "faults: --delay '9-1': MIN is above MAX"),
                    fails("faults --to bob --drop 0.1", "faults: --to 'bob'"),
                    fails("faults --jitter 5", "faults: unknown option '--jitter'"),
                    ok("faults", "faults in force: default none"),
                    ok("faults --duplicate 1", "faults in force: default drop 0 duplicate 1 reorder 0 delay 0ms"),
                    ok("faults off", "faults off"),
                    // bad amounts
                    fails("deposit -5", "'-5' must be greater than 0"),
                    fails("deposit 0", "'0' must be greater than 0"),
                    fails("deposit 1.234", "'1.234' has more than two decimals"),
                    fails("deposit abc", "'abc' is not an amount"),
                    fails("withdrawal -5", "'-5' must be greater than 0"),
                    fails("transfer -5 bob", "'-5' must be greater than 0"),
                    fails("transfer 1.234 bob", "'1.234' has more than two decimals"),
                    fails("transfer abc bob", "'abc' is not an amount"),
                    fails("new-cohort alice two", "bad n 'two'"),
                    fails("new-cohort alice 1", "n 1 out of range"),
                    // transfers with no cohort, then to a non-member, to oneself, beyond the balance
                    fails("transfer 5 bob", "alice is in no cohort"),
                    ok("new-cohort alice 2", ""),
                    fails("transfer 5 alice", "cannot transfer to yourself"),
                    fails("transfer 5 carol", "carol is not in cohort"),
                    fails("lost-transfer 5 carol", "carol is not in cohort"),
                    fails("transfer 100.01 bob", "balance 100.00 does not cover 100.01"),
                    fails("lost-transfer 1000 bob", "balance 100.00 does not cover 1000.00"),
                    fails("withdrawal 100.01", "balance 100.00 does not cover 100.01"),
                    // requests the bank refuses
                    fails("new-cohort alice 2", "alice"),
                    fails("exit alice", "delete the cohort first"),
                    fails("delete-cohort nobody", "nobody"),
                    // and nothing changed
                    ok("balance", "balance 100.00"),
                    ok("history", "0 history entries; balance 100.00"));

            String input = String.join("\n", script.stream().map(Expect::line).toList()) + "\n";
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                 Console console = Console.open("alice", CustomerConsole.COMMANDS,
                         new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, false)) {
                console.run(new CustomerConsole(alice.process, console.output(), ProcessLog.discard(), 20_000));
            }

            List<String> results = new ArrayList<>();
            for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("SUCCESS") || line.startsWith("FAILURE")) {
                    results.add(line);
                }
            }
            assertEquals(script.size(), results.size(), "one result line per command:\n" + String.join("\n", results));
            for (int i = 0; i < script.size(); i++) {
                Expect e = script.get(i);
                String got = results.get(i);
                String word = e.result().substring(0, 7);
                assertTrue(got.startsWith(word) && got.contains(e.result().substring(8)),
                        "'" + e.line() + "' should give '" + e.result() + "...' but gave '" + got + "'");
            }
            assertEquals(0L, (long) alice.process.query(n -> n.lastLabel()), "no label was used");
            assertEquals(0, (int) alice.process.query(n -> n.accountView().history().size()), "no history");
            String csv = cluster.dataCsvText();
            assertTrue(csv.contains("alice,100.00,"), csv);
            assertTrue(!csv.contains("alice2") && !csv.contains("9lives"), csv);
        }
    }
}
