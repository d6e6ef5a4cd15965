package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Endpoint;
import cohortbank.common.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bank as a process: options, startup refusals, and a SIGKILL that loses nothing acknowledged. */
@Timeout(60)
@Tag("slow")
class BankRestartTest {

    @TempDir
    Path dir;

    String[] options(Endpoint bank) {
        return new String[] {"--port", String.valueOf(bank.port()), "--data", dir.resolve("data.csv").toString(),
            "--seed", "1"};
    }

    @Test
    void everythingAcknowledgedSurvivesAKillAndARestartOnTheSameDataCsv() throws Exception {
        Endpoint bank = FreePorts.endpoint();
        String members;
        try (FakeCustomer a = new FakeCustomer("a", false, bank);
             FakeCustomer b = new FakeCustomer("b", false, bank);
             FakeCustomer c = new FakeCustomer("c", false, bank);
             UdpClient nc = new UdpClient(bank)) {
            try (BankProcess first = BankProcess.start(dir, options(bank))) {
                String started = first.nextLine(20);
                assertTrue(started.startsWith("SUCCESS bank listening on " + bank + " (" + dir.resolve("data.csv")
                        + ": 0 customers; log " + dir.resolve("logs").resolve("bank-" + bank.port() + ".log") + "; key "),
                        started);
                assertTrue(a.ask(a.openCommand("100")).startsWith("SUCCESS opened a"));
                assertTrue(b.ask(b.openCommand("50")).startsWith("SUCCESS opened b"));
                assertTrue(c.ask("open c 30 127.0.0.1 8601 8602").startsWith("SUCCESS"));
                assertEquals("SUCCESS c exited", c.ask("exit c"));
                members = a.peerAddress() + " " + b.peerAddress();
                assertEquals("SUCCESS cohort 1: " + members, a.ask("new-cohort a 2"));
                assertEquals("SUCCESS balance of b is 45.50 (report 1)", b.ask("report-balance b 45.5 1"));
                first.kill();
            }
            try (BankProcess second = BankProcess.start(dir, options(bank))) {
                assertTrue(second.nextLine(20).contains("(" + dir.resolve("data.csv") + ": 3 customers;"));
                assertEquals("SUCCESS cohort 1 " + members, b.ask("cohort-of b"), "the keys outlive the restart");
                assertTrue(a.ask(a.openCommand("100")).endsWith("(already open)"), "a retransmitted open is idempotent");
                assertTrue(a.ask("open a 1 127.0.0.1 8701 8702").startsWith("FAILURE open: customer 'a' already exists"));
                assertEquals("FAILURE exit: a is in cohort 1; delete the cohort first", a.ask("exit a"));
                assertEquals("FAILURE open: needs c's key; the name belongs to another key",
                        b.ask("open c 30 127.0.0.1 8601 8602"), "an exited name stays its key's");
                assertTrue(nc.ask("exit a").startsWith("FAILURE exit: needs the customer's key"));
                second.type("total");
                assertEquals(List.of("SUCCESS total 145.50 over 2 active customers"), second.result(10));
                second.type("customers");
                List<String> table = second.result(10);
                assertEquals(5, table.size(), table.toString());
                assertTrue(table.get(3).startsWith("c ") && table.get(3).endsWith("exited"), table.toString());
                assertEquals("SUCCESS 3 customers (2 active, 1 exited)", table.get(4));
                second.type("quit");
                assertEquals(List.of("SUCCESS bank stopped"), second.result(10));
                List<String> events = second.events();
                assertEquals(6, events.size(), "one EVENT per request from the network, none for the console's: "
                        + events);
                String fromA = " from " + a.port1 + ": ";
                String fromB = " from " + b.port1 + ": ";
                assertEquals("EVENT cohort-of b" + fromB + "SUCCESS cohort 1 " + members, events.get(0));
                assertTrue(events.get(1).startsWith("EVENT " + a.openCommand("100") + fromA + "SUCCESS opened a")
                        && events.get(1).endsWith("(already open)"), events.get(1));
                assertTrue(events.get(2).startsWith(
                        "EVENT open a 1 127.0.0.1 8701 8702" + fromA + "FAILURE open: customer 'a' already exists"),
                        events.get(2));
                assertEquals("EVENT exit a" + fromA + "FAILURE exit: a is in cohort 1; delete the cohort first",
                        events.get(3));
                assertEquals("EVENT open c 30 127.0.0.1 8601 8602" + fromB
                        + "FAILURE open: needs c's key; the name belongs to another key", events.get(4));
                assertTrue(events.get(5).startsWith("EVENT exit a from " + nc.local() + ": FAILURE exit: needs the customer's key"),
                        events.get(5));
                assertEquals(0, second.exitCode(10));
            }
        }
        assertTrue(Files.readString(dir.resolve("logs").resolve("bank-" + bank.port() + ".log"))
                .contains("REQ   from 127.0.0.1:"), "requests are logged to the file");
    }

    @Test
    void aBankKilledWhileFormingACohortCancelsItWhenRestartedAndNeverIssuesItsIdAgain() throws Exception {
        Endpoint bank = FreePorts.endpoint();
        try (FakeCustomer a = new FakeCustomer("a", false, bank);
             FakeCustomer b = new FakeCustomer("b", false, bank);
             FakeCustomer mute = new FakeCustomer("mute", true, bank)) {
            try (BankProcess first = BankProcess.start(dir, options(bank))) {
                assertTrue(first.nextLine(20).startsWith("SUCCESS bank listening"));
                for (FakeCustomer c : List.of(a, b, mute)) {
                    assertTrue(c.ask(c.openCommand("100")).startsWith("SUCCESS opened " + c.name));
                }
                // mute never acknowledges: the bank keeps waiting, and a's request with it.
                Thread formation = new Thread(() -> {
                    try {
                        a.ask("new-cohort a 3");
                    } catch (RuntimeException | AssertionError unanswered) {
                        // the bank is killed before it answers
                    }
                });
                formation.setDaemon(true);
                formation.start();
                assertTrue(a.nextStarting("cohort-formed 1 ").startsWith("cohort-formed 1 "));
                assertTrue(b.nextStarting("cohort-formed 1 ").startsWith("cohort-formed 1 "));
                first.kill(); // kill -9 with the formation unfinished
            }
            assertTrue(BankStore.at(dir.resolve("data.csv")).read().table().customers().stream()
                    .allMatch(c -> c.active() && !c.inCohort()), "nothing recorded");
            try (BankProcess second = BankProcess.start(dir, options(bank))) {
                assertTrue(second.nextLine(20).startsWith("SUCCESS bank listening"));
                assertEquals("cohort-deleted 1", a.nextStarting("cohort-deleted"), "the restarted bank cancels it");
                assertEquals("cohort-deleted 1", b.nextStarting("cohort-deleted"));
                // mute, silent, stays reserved until it answers; a and b are free again, with a fresh id.
                String formed = a.ask("new-cohort a 2");
                // a's or b's answer to cohort-deleted may still be on its way: until the bank has it,
                // that member is busy (a) or not yet free (b).
                for (int i = 0; i < 100 && (formed.contains("busy") || formed.contains("in no cohort")); i++) {
                    Thread.sleep(50);
                    formed = a.ask("new-cohort a 2");
                }
                assertEquals("SUCCESS cohort 2: " + a.peerAddress() + " " + b.peerAddress(), formed);
                second.kill();
            }
        }
        assertEquals(2, BankStore.at(dir.resolve("data.csv")).read().state().lastCohortId());
    }

    @Test
    void badOptionsPrintOneFailureLineAndExitWithCode2() throws Exception {
        for (String[] args : List.of(new String[] {"--port", "80"}, new String[] {"--bogus"},
                new String[] {"--port", "x"}, new String[] {"--host", "localhost", "--port", "8500"})) {
            try (BankProcess bank = BankProcess.start(dir, args)) {
                assertEquals(2, bank.exitCode(20), String.join(" ", args));
                List<String> err = bank.stderrLines();
                assertEquals(1, err.size(), err.toString());
                assertTrue(err.get(0).startsWith("FAILURE bad option"), err.get(0));
            }
        }
    }

    @Test
    void badFaultOptionsNameTheOptionAndExitWithCode2() throws Exception {
        String port = Integer.toString(FreePorts.endpoint().port());
        for (String[] args : List.of(new String[] {"--port", port, "--drop", "2"},
                new String[] {"--port", port, "--delay", "9-1"})) {
            try (BankProcess bank = BankProcess.start(dir, args)) {
                assertEquals(2, bank.exitCode(20), String.join(" ", args));
                List<String> err = bank.stderrLines();
                assertEquals(1, err.size(), err.toString());
                assertTrue(err.get(0).startsWith("FAILURE bad option " + args[2] + " '" + args[3] + "'"), err.get(0));
            }
        }
    }

    @Test
    void aMalformedDataCsvStopsTheBankNamingFileAndLine() throws Exception {
        Files.writeString(dir.resolve("data.csv"), CsvBankStoreTest.HEADER + "alice,ten,127.0.0.1,8501,8502,,active\n");
        try (BankProcess bank = BankProcess.start(dir, options(FreePorts.endpoint()))) {
            assertEquals(1, bank.exitCode(20));
            assertEquals(List.of("FAILURE cannot start: " + dir.resolve("data.csv")
                    + " line 2: bad balance: 'ten' is not an amount like 90 or 90.50"), bank.stderrLines());
        }
    }

    @Test
    void aSecondBankOnTheSameDataCsvDoesNotStartAndTheFirstServesOn() throws Exception {
        Endpoint firstPort = FreePorts.endpoint();
        try (BankProcess first = BankProcess.start(dir, options(firstPort));
             UdpClient nc = new UdpClient(firstPort)) {
            assertTrue(first.nextLine(20).startsWith("SUCCESS bank listening"));
            try (BankProcess second = BankProcess.start(dir, options(FreePorts.endpoint()))) {
                assertEquals(1, second.exitCode(20));
                assertEquals(List.of("FAILURE cannot start: " + dir.resolve("data.csv") + " is in use by another"
                        + " process; stop the other bank on it first, or give this one its own --data"), second.stderrLines());
            }
            assertTrue(nc.ask("total").startsWith("SUCCESS"), "the first bank is untouched");
        }
        try (BankProcess again = BankProcess.start(dir, options(FreePorts.endpoint()))) {
            assertTrue(again.nextLine(20).startsWith("SUCCESS bank listening"), "a killed bank leaves no lock behind");
        }
    }
}
