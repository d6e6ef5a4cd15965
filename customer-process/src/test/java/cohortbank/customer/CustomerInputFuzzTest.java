package cohortbank.customer;

import cohortbank.common.sim.MemoryStorage;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.customer.store.CustomerStore;
import cohortbank.customer.store.LogRecord;
import cohortbank.customer.store.StateFile;
import cohortbank.customer.wire.PeerMessage;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz tests of a customer's parsers of outside input: every peer and bank message (with
 * member keys), and its state files, torn or well-checksummed. A message may be refused only
 * with {@link MalformedMessageException}; a state file that does not parse is treated as
 * absent, never thrown. In {@code ./mvnw verify} only the regression inputs under
 * {@code src/test/resources/cohortbank/customer/CustomerInputFuzzTestInputs/} run.
 */
@Tag("slow")
class CustomerInputFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void peerMessage(byte[] input) {
        try {
            PeerMessage.parse(Envelope.parse(new String(input, StandardCharsets.UTF_8)));
        } catch (MalformedMessageException expected) {
            // refused with a reason: fine
        }
    }

    @FuzzTest(maxDuration = "60s")
    void stateFiles(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        for (String file : List.of("meta", "checkpoints", "permanent", "tentative", "live")) {
            MemoryStorage raw = new MemoryStorage();
            raw.write(file, input);
            load(new CustomerStore(raw, w -> { }));
            MemoryStorage checksummed = new MemoryStorage();
            checksummed.write(file, StateFile.encode(file, text.lines().toList()));
            load(new CustomerStore(checksummed, w -> { }));
        }
        for (String kind : List.of("checkpoint", "commit", "discard", "decisions")) {
            MemoryStorage log = new MemoryStorage();
            log.write("checkpoints", new LogRecord(kind, text.lines().toList()).encode());
            load(new CustomerStore(log, w -> { }));
        }
    }

    private static void load(CustomerStore store) {
        store.loadMeta();
        store.loadPermanent();
        store.loadTentative();
        store.loadLive();
    }
}
