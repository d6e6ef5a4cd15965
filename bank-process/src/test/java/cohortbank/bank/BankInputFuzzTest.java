package cohortbank.bank;

import cohortbank.common.security.KeyFileException;
import cohortbank.common.security.Identity;
import cohortbank.common.wire.Reply;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz tests of the bank's parsers of outside input: its key bindings file, and any request
 * from anyone, through the gate and the bank. A request gets exactly one reply and a bare one
 * never changes the table. In {@code ./mvnw verify} only the regression inputs under
 * {@code src/test/resources/cohortbank/bank/BankInputFuzzTestInputs/} run.
 */
@Tag("slow")
class BankInputFuzzTest {

    private static final String ALICE = Identity.seeded(1).publicKey();

    @FuzzTest(maxDuration = "60s")
    void keyBindingsFile(byte[] input) {
        try {
            KeyBindings.parse(new String(input, StandardCharsets.UTF_8));
        } catch (KeyFileException expected) {
            // refused with a reason: fine
        }
    }

    @FuzzTest(maxDuration = "60s")
    void requests(FuzzedDataProvider data) {
        BankKeys keys = BankKeys.inMemory(0);
        RecordingStorage disk = new RecordingStorage();
        List<BankTable> saves = disk.tables;
        BankStore store = disk.store();
        Bank bank = new Bank(new BankStore.Contents(BankTable.empty(), BankState.initial()), store,
                (to, body, within, onReply, onNoAnswer) -> onReply.accept(Reply.success("ok")), new Random(1), new TurnScheduler(),
                line -> { });
        keys.attach(bank::table);
        BankGate gate = new BankGate(keys, bank::table, line -> { });
        while (data.remainingBytes() > 0) {
            boolean keyed = data.consumeBoolean();
            String line = data.consumeString(200);
            List<String> body = List.of(line.trim().split("[ \\t]+"));
            if (body.get(0).isEmpty()) {
                continue;
            }
            int before = saves.size();
            List<Reply> replies = new ArrayList<>();
            gate.admit(keyed ? ALICE : null, body, replies::add, bank::handle);
            if (replies.size() != 1) {
                throw new AssertionError(replies.size() + " replies to " + body);
            }
            if (!keyed && saves.size() != before) {
                throw new AssertionError("a bare request changed the table: " + body);
            }
        }
    }
}
