package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.log.ProcessLog;
import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.testing.FreePorts;
import cohortbank.common.wire.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bank whose disk fails stops at that write (fail-stop): it answers nothing that depends on
 * the write, goes silent on the network, and its process exits; a restart resumes from what
 * is durable. Over real UDP on loopback, with a disk that fails on demand.
 */
@Timeout(20)
@Tag("slow")
class BankFailStopTest {

    @TempDir
    Path dir;

    final RecordingStorage disk = new RecordingStorage();
    final List<DurabilityFailure> stops = new CopyOnWriteArrayList<>();
    BankServer server;
    ProcessLog log;

    @BeforeEach
    void start() throws IOException {
        log = ProcessLog.open(dir.resolve("bank.log"));
        server = FreePorts.bind(endpoint -> BankServer.start(endpoint, new BankStore.Contents(BankTable.empty(),
                BankState.initial()), disk.store(), new Random(7),
                BankConfig.DEFAULTS.withNotifyRetry(BankServerTest.FAST), log));
        server.onFailStop(stops::add);
    }

    @AfterEach
    void stop() {
        server.close();
        log.close();
    }

    @Test
    void aCommandWhoseWriteFailsStopsTheBankAndSaysSo() {
        assertTrue(server.submit(List.of("open", "alice", "10", "127.0.0.1", "8601", "8602"), 5_000).success());
        disk.failing = true;
        Reply r = server.submit(List.of("open", "bob", "10", "127.0.0.1", "8603", "8604"), 5_000);
        assertFalse(r.success(), r.line());
        assertTrue(r.text().contains("stopped") && r.text().contains("cannot write the bank's"), r.line());
        assertEquals(1, stops.size(), "the process is told to end, once");
        assertTrue(server.stopped());
        Reply after = server.submit(List.of("total"), 5_000);
        assertTrue(after.text().contains("stopped after a failed durable write"), after.line());
    }

    @Test
    void aRequestFromTheNetworkWhoseWriteFailsGetsNoAnswerAndStopsTheBank() throws Exception {
        FakeCustomer alice = new FakeCustomer("alice", false, server.local());
        try {
            disk.failing = true;
            String reply = alice.ask(alice.openCommand("100"));
            assertTrue(reply.contains("unreachable: no answer"), "the bank never answers after the failed write: " + reply);
            assertEquals(1, stops.size());
            assertTrue(server.stopped());
        } finally {
            alice.close();
        }
    }
}
