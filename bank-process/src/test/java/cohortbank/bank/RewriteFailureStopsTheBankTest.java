package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.log.ProcessLog;
import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rewrite of data.csv runs on its own {@link Background}; if it fails with anything, not
 * only an I/O error (a bug in the code that writes the table, say), the bank stops as for a
 * failed durable write (DESIGN §8), saying so in its log, rather than carry on with rewrites
 * stopped for good and the journal growing.
 */
@Timeout(20)
@Tag("slow")
class RewriteFailureStopsTheBankTest {

    @TempDir
    Path dir;

    final RecordingStorage disk = new RecordingStorage();

    @Test
    void aBugInTheRewriteThreadStopsTheBankAndSaysSo() throws Exception {
        List<DurabilityFailure> stops = new CopyOnWriteArrayList<>();
        ProcessLog log = ProcessLog.open(dir.resolve("bank.log"));
        BankServer server = FreePorts.bind(endpoint -> BankServer.start(endpoint, new BankStore.Contents(
                BankTable.empty(), BankState.initial()), disk.store(), new Random(7),
                BankConfig.DEFAULTS.withNotifyRetry(BankServerTest.FAST), log));
        try {
            server.onFailStop(stops::add);
            disk.bugWritingTable = new IllegalStateException("table writer bug");
            assertTrue(server.submit(List.of("open", "alice", "10", "127.0.0.1", "8601", "8602"), 5_000).success(),
                    "the journal takes the change; the rewrite comes later, on its own thread");
            for (int i = 0; i < 150 && stops.isEmpty(); i++) {
                Thread.sleep(100); // the rewrite is due after BankConfig.rewriteDelayMillis
            }
            assertTrue(server.stopped(), "the bank stopped");
            assertEquals(1, stops.size(), "the process is told to end, once");
            String why = stops.get(0).getMessage();
            assertTrue(why.contains("data file") && why.contains("table writer bug"), why);
        } finally {
            server.close();
            log.close();
        }
        String logged = Files.readString(dir.resolve("bank.log"));
        assertTrue(logged.contains("table writer bug"), "the log says why: " + logged);
    }

    @Test
    void onTheLoopTooTheFailureIsADurabilityFailure() throws IOException, BankDataException {
        TurnScheduler loop = new TurnScheduler();
        BankStore store = disk.store();
        Bank bank = new Bank(store.load(), store, (to, body, within, onReply, onNoAnswer) -> { }, new Random(1), loop,
                Background.onLoop(loop), BankConfig.DEFAULTS, line -> { });
        bank.handle(Arrays.asList("open alice 10 127.0.0.1 8601 8602".split(" ")), reply -> { });
        disk.bugWritingTable = new IllegalStateException("table writer bug");

        DurabilityFailure failure = assertThrows(DurabilityFailure.class, loop::runDelayed);

        assertTrue(failure.getMessage().contains("table writer bug"), failure.getMessage());
        assertTrue(failure.getCause() instanceof IllegalStateException);
    }
}
