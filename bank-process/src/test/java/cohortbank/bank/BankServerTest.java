package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.log.ProcessLog;
import cohortbank.common.rpc.RetryPolicy;
import cohortbank.common.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bank over real UDP on loopback, talked to as a person with nc and as customer processes. */
@Timeout(20)
class BankServerTest {

    /** Gives up on a silent member after about half a second, to keep the suite quick. */
    static final RetryPolicy FAST = new RetryPolicy(50, 2.0, 200, 4);

    @TempDir
    Path dir;

    BankServer server;
    ProcessLog log;
    UdpClient nc;
    final List<FakeCustomer> customers = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        log = ProcessLog.open(dir.resolve("bank.log"));
        BankStore store = BankStore.at(dir.resolve("data.csv"));
        server = FreePorts.bind(endpoint -> BankServer.start(endpoint, new BankStore.Contents(BankTable.empty(),
                BankState.initial()), store, new Random(7),
                BankConfig.DEFAULTS.withNotifyRetry(FAST), log));
        nc = new UdpClient(server.local());
    }

    @AfterEach
    void stop() {
        customers.forEach(FakeCustomer::close);
        nc.close();
        server.close();
        log.close();
    }

    FakeCustomer customer(String name, boolean silent) {
        FakeCustomer c = new FakeCustomer(name, silent, server.local());
        customers.add(c);
        assertTrue(c.ask(c.openCommand("100")).startsWith("SUCCESS opened " + name), name + " opened");
        return c;
    }

    /** data.csv as a restart would find it: the file with its journal replayed. */
    String dataCsv() throws IOException {
        try {
            return CsvBankStore.format(BankStore.at(dir.resolve("data.csv")).read().table());
        } catch (BankDataException e) {
            throw new IOException(e);
        }
    }

    /** The first request body the fake received that starts with {@code prefix}. */
    @Test
    void theFaultsCommandSilencesOneLinkMidRunAndOffRestoresIt() {
        List<String> printed = new ArrayList<>();
        BankConsole console = new BankConsole(server, printed::add, log, 5_000);
        UdpClient other = new UdpClient(server.local());
        try {
            console.handle("faults --to " + nc.local() + " --drop 1");
            assertEquals("SUCCESS faults in force: default none; to " + nc.local()
                    + " drop 1 duplicate 0 reorder 0 delay 0ms", printed.get(printed.size() - 1));

            nc.send("total");
            assertEquals(null, nc.receive(500), "every reply to this link is dropped");
            String answer = other.ask("total");
            assertTrue(answer.startsWith("SUCCESS total 0.00"), "other links are untouched: " + answer);

            console.handle("faults --drop x");
            assertTrue(printed.get(printed.size() - 1).startsWith("FAILURE faults: --drop 'x'"), printed.toString());
            console.handle("faults off");
            assertEquals("SUCCESS faults off", printed.get(printed.size() - 1));
            assertEquals(answer, nc.ask("total"));
        } finally {
            other.close();
        }
    }

    @Test
    void aBareOpenFromNetcatIsRefusedAndAKeyedOneBindsTheNameToItsKey() throws IOException {
        assertEquals("FAILURE open: needs the customer's key (without one, ask: help, total, bank-key)",
                nc.ask("open alice 100 127.0.0.1 8501 8502\n"));
        assertFalse(Files.exists(dir.resolve("data.csv")), "a bare open changes nothing");
        FakeCustomer alice = new FakeCustomer("alice", false, server.local());
        customers.add(alice);
        assertEquals("SUCCESS opened alice balance 100.00 at 127.0.0.1:" + alice.port1.port() + "/" + alice.port2,
                alice.ask(alice.openCommand("100")));
        assertTrue(dataCsv().contains("alice,100.00,127.0.0.1," + alice.port1.port() + "," + alice.port2 + ",,active"),
                dataCsv());
        FakeCustomer thief = new FakeCustomer("thief", false, server.local());
        customers.add(thief);
        assertEquals("FAILURE open: needs alice's key; the name belongs to another key",
                thief.ask("open alice 5 127.0.0.1 8601 8602"));
        assertEquals("FAILURE exit: needs alice's key; the name belongs to another key", thief.ask("exit alice"));
        assertTrue(nc.ask("total").startsWith("SUCCESS total 100.00 over 1 active customer in 0 cohorts"));
    }

    @Test
    void newCohortTellsEveryMemberAndIsRecordedOnceAllAcknowledge() throws Exception {
        FakeCustomer a = customer("a", false);
        FakeCustomer b = customer("b", false);
        FakeCustomer c = customer("c", false);
        String members = Stream.of(a, b, c).map(FakeCustomer::peerAddress).reduce((x, y) -> x + " " + y).orElseThrow();
        assertEquals("SUCCESS cohort 1: " + members, b.ask("new-cohort b 3"));
        for (FakeCustomer m : List.of(a, b, c)) {
            assertEquals("cohort-formed 1 " + members, m.nextStarting("cohort-formed"));
        }
        for (String name : List.of("a", "b", "c")) {
            assertTrue(dataCsv().lines().anyMatch(l -> l.startsWith(name + ",") && l.endsWith(",1,active")), dataCsv());
        }
        assertEquals("SUCCESS cohort 1 " + members, a.ask("cohort-of a"));
        assertTrue(nc.ask("cohort-of a").startsWith("FAILURE cohort-of: needs the customer's key"), "addresses are private");
    }

    @Test
    void aMemberThatNeverAnswersFailsNewCohortNamingItAndNothingIsRecorded() throws Exception {
        FakeCustomer a = customer("a", false);
        customer("mute", true);
        FakeCustomer c = customer("c", false);
        String before = dataCsv();
        String reply = a.ask("new-cohort a 3");
        assertTrue(reply.startsWith("FAILURE new-cohort: mute did not acknowledge (FAILURE 127.0.0.1:"), reply);
        assertTrue(reply.contains("unreachable"), reply);
        assertEquals(before, dataCsv());
        assertEquals("cohort-deleted 1", a.nextStarting("cohort-deleted"));
        assertEquals("cohort-deleted 1", c.nextStarting("cohort-deleted"));
        assertEquals("SUCCESS a exited", a.ask("exit a"), "reservations are freed");
    }

    @Test
    void deleteCohortRemovesItFromDataCsvAndNotifiesEveryMember() throws Exception {
        FakeCustomer a = customer("a", false);
        FakeCustomer b = customer("b", false);
        assertTrue(a.ask("new-cohort a 2").startsWith("SUCCESS cohort 1: "));
        assertEquals("cohort-confirmed 1", a.nextStarting("cohort-confirmed"));
        assertEquals("cohort-confirmed 1", b.nextStarting("cohort-confirmed"));
        // The bank frees a member once its confirmation's answer arrives, a moment after this.
        String deleted = b.ask("delete-cohort b");
        for (int i = 0; i < 50 && deleted.contains("busy"); i++) {
            Thread.sleep(20);
            deleted = b.ask("delete-cohort b");
        }
        assertEquals("SUCCESS deleted cohort 1 (a, b)", deleted);
        assertEquals("cohort-freeze 1", b.nextStarting("cohort-freeze"));
        assertEquals("cohort-deleted 1", a.nextStarting("cohort-deleted"));
        assertEquals("cohort-deleted 1", b.nextStarting("cohort-deleted"));
        assertTrue(dataCsv().lines().skip(1).allMatch(l -> l.endsWith(",,active")), dataCsv());
        assertEquals("SUCCESS cohort none", a.ask("cohort-of a"));
    }

    @Test
    void aRetransmittedRequestIsAnsweredAgainFromTheCache() throws IOException {
        String first = nc.ask("@id=c1-1 total");
        assertEquals("@re=c1-1 SUCCESS total 0.00 over 0 active customers in 0 cohorts", first);
        String refused = nc.ask("@id=c1-2 open zed 10 127.0.0.1 8601 8602");
        assertEquals("@re=c1-2 FAILURE open: needs the customer's key (without one, ask: help, total, bank-key)", refused);
        assertEquals(refused, nc.ask("@id=c1-2 open zed 10 127.0.0.1 8601 8602"));
        FakeCustomer zed = customer("zed", false);
        assertEquals("SUCCESS balance of zed is 20.00 (report 1)", zed.ask("report-balance zed 20 1"));
        assertEquals("SUCCESS balance of zed unchanged at 20.00 (report 1 is not newer than 1)",
                zed.ask("report-balance zed 30 1"));
        assertEquals(1, Files.readAllLines(dir.resolve("bank.log")).stream()
                .filter(l -> l.contains("STATE opened zed")).count(), "opened once");
    }

    @Test
    void eachRequestFromTheNetworkIsToldOnceWhenAnsweredAndARetransmissionIsNotToldAgain() {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.onAnswered((from, body, reply) -> told.add(BankConsole.answered(from, body, reply)));

        String opened = nc.ask("@id=c9-1 open zed 10 127.0.0.1 8601 8602");
        assertEquals(opened, nc.ask("@id=c9-1 open zed 10 127.0.0.1 8601 8602"));
        String refused = nc.ask("exit nobody");
        server.submit(List.of("cohort-of", "zed"), 5_000); // typed at the bank's console: not told

        String from = " from " + nc.local() + ": ";
        assertEquals(List.of(
                "open zed 10 127.0.0.1 8601 8602" + from + opened.substring(opened.indexOf(' ') + 1),
                "exit nobody" + from + refused), told);
    }

    @Test
    void malformedDatagramsGetAFailureAndTheBankKeepsWorking() {
        assertEquals("FAILURE message is not valid UTF-8", nc.ask(new byte[] {(byte) 0xC3, 0x28, 'x'}));
        assertEquals("FAILURE message too long: more than 8192 bytes", nc.ask(new byte[9000]));
        assertEquals("FAILURE control character 0x1 in message", nc.ask("open\u0001 x"));
        assertEquals("FAILURE empty message", nc.ask("   "));
        assertEquals("FAILURE bad header '@id=%%'", nc.ask("@id=%% open"));
        assertTrue(nc.ask("frobnicate 1 2").startsWith("FAILURE unknown command 'frobnicate'; known: open, new-cohort"));
        assertTrue(nc.ask("open a b c").startsWith("FAILURE open: needs the customer's key"));
        FakeCustomer alice = customer("alice", false);
        assertTrue(alice.ask("open a b c").startsWith("FAILURE open: expected 5 arguments, got 3"));
        assertTrue(nc.ask("help").startsWith("SUCCESS requests: open, new-cohort"));
    }

    @Test
    void aPersonsRepliesEndWithANewlineSoTheNextTypedLineStartsOnItsOwn() {
        // nc -u prints each datagram as it comes: without the newline the reply and the next
        // typed line would run together.
        nc.send("help\n");
        assertTrue(raw().matches("(?s)SUCCESS requests: open, new-cohort.*[^\n]\n"), "help ends in exactly one newline");
        nc.send("total");
        assertEquals("SUCCESS total 0.00 over 0 active customers in 0 cohorts\n", raw());
        nc.send("open zed 10 127.0.0.1 8601 8602\n");
        assertEquals("FAILURE open: needs the customer's key (without one, ask: help, total, bank-key)\n", raw());
        nc.send("open\u0001 x\n");
        assertEquals("FAILURE control character 0x1 in message\n", raw(), "a malformed line too");
        nc.send("@id=c1-1 total");
        assertEquals("@re=c1-1 SUCCESS total 0.00 over 0 active customers in 0 cohorts", raw(),
                "a program's reply is unchanged");
    }

    /** The next datagram exactly as it arrived, line ending included. */
    private String raw() {
        String reply = nc.receive(5_000);
        if (reply == null) {
            throw new AssertionError("no reply within 5 s");
        }
        return reply;
    }

    @Test
    void strayRepliesAreNeverAnswered() {
        nc.send("SUCCESS hello");
        nc.send("@re=nobody-1 FAILURE no");
        nc.send("FAILURE x");
        assertNull(nc.receive(300), "a reply to nothing gets no answer");
        assertTrue(nc.ask("total").startsWith("SUCCESS total"));
    }
}
