package cohortbank.customer.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every message survives encoding and parsing unchanged; every malformed one is refused with a reason. */
class PeerMessageTest {

    static Stream<PeerMessage> everyKind() {
        return Stream.of(
                new PeerMessage.Transfer("alice", 7, 3, Money.parse("12.50")),
                new PeerMessage.TransferAck("bob", 7, 2),
                new PeerMessage.TransferRefused(9, PeerMessage.Refusal.BALANCE_MAX),
                new PeerMessage.Resync("bob", 0, 5),
                new PeerMessage.CheckpointedReceipt("bob", 7),
                new PeerMessage.CheckpointRequest("alice", "alice:4", 2, 7, 5400),
                new PeerMessage.RollbackRequest("alice", "alice:5", 0, 3, 9, 5400),
                new PeerMessage.DecisionNotice("alice", true, "alice:4", Decision.COMMIT),
                new PeerMessage.DecisionNotice("alice", false, "alice:5", Decision.ABORT),
                new PeerMessage.OutcomeQuery("bob", "alice:4"));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void roundTripsThroughTheWire(PeerMessage message) throws MalformedMessageException {
        String text = Envelope.of(message.body()).withHeader(Envelope.REQUEST_ID, "k1-1").encode();
        assertEquals(message, PeerMessage.parse(Envelope.parse(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "transfer alice 7 7 1.00",          // prev must be below the label
        "transfer alice 0 0 1.00",          // labels start at 1
        "transfer alice 7 3 -1",            // amount must be positive
        "transfer alice 7 3 1.001",         // at most two decimals
        "transfer 9lives 7 3 1.00",         // bad name
        "transfer alice 7 3",               // missing amount
        "ckpt-request alice alice 1 7 100", // instance without a number
        "ckpt-request alice alice:4 7 100", // no age
        "ckpt-request alice alice:4 -1 7 100", // negative age
        "ckpt-decision alice alice:4 maybe",
        "rb-request alice alice:5 1 9 3 100", // max label below checkpoint label
        "cohort-formed 3 alice@127.0.0.1:8502 bob@127.0.0.1:8504", // the bank's notices are not peer messages
        "teleport alice 7",
        "transfer alice +7 3 1.00",         // wire numbers are ASCII digits only
        "transfer alice \u0667 3 1.00",     // an Arabic-Indic seven is not a label
        "transfer alice \uFF17 3 1.00",     // nor a fullwidth one
        "transfer-ack alice +5 1",
        "transfer alice 7 3 10000000000.01", // above the one maximum amount
        "transfer-refused 7 broke",
        "transfer-refused 0 balance-max",
        "transfer-refused 7 not-member",     // a receiver that does not count the sender cannot authenticate it, so never says so
        "transfer-refused 7 no-account",     // nor can a process without an account
    })
    void refusesMalformedMessagesWithAReason(String line) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> PeerMessage.parse(Envelope.parse(line)));
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void namesTheInitiatorOfAnInstance() {
        assertEquals("carol-2", PeerMessage.initiatorOf("carol-2:17"));
    }
}
