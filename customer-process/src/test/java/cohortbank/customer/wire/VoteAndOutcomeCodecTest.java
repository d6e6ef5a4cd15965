package cohortbank.customer.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Votes and outcome answers travel as the same bytes as always (docs/PROTOCOL.md), so old and
 * new nodes agree; each decodes back to what was encoded, also after a trip through a datagram.
 */
class VoteAndOutcomeCodecTest {

    /** What the requester sees: the reply as a datagram body, decoded again. */
    private static Reply overTheWire(Reply reply) throws MalformedMessageException {
        return Reply.of(Envelope.parse(Envelope.of(List.of(reply.line().split(" "))).encode()));
    }

    @Test
    void votesKeepTheirBytes() {
        assertEquals("SUCCESS yes -", Vote.yes().reply().line());
        assertEquals("SUCCESS yes bob carol", new Vote.Yes(List.of("bob", "carol")).reply().line());
        assertEquals("SUCCESS no bob is busy", Vote.no("bob is busy").reply().line());
    }

    @Test
    void votesRoundTrip() throws MalformedMessageException {
        for (Vote v : List.of(Vote.yes(), new Vote.Yes(List.of("bob")), new Vote.Yes(List.of("bob", "carol", "d-1")),
                Vote.no("bob refused (carol did not answer (FAILURE no answer))"), Vote.no(""))) {
            assertEquals(Optional.of(v), Vote.of(v.reply()), v.toString());
            assertEquals(Optional.of(v), Vote.of(overTheWire(v.reply())), v + " as a datagram");
        }
    }

    @Test
    void aLongReasonIsCutOnTheWireAndSaysSo() {
        String reason = "x".repeat(Vote.MAX_REASON_CHARS + 10);
        Vote.No decoded = (Vote.No) Vote.of(Vote.no(reason).reply()).orElseThrow();
        assertEquals(reason.substring(0, Vote.MAX_REASON_CHARS) + " ...", decoded.reason());
    }

    @Test
    void anythingElseIsNoVote() {
        assertEquals(Optional.empty(), Vote.of(Reply.failure("yes bob")), "a failure is no answer");
        assertEquals(Optional.empty(), Vote.of(Reply.success("nobody")));
        assertEquals(Optional.empty(), Vote.of(Reply.success("yesterday")));
        assertEquals(Optional.empty(), Vote.of(Reply.success("commit")));
    }

    @Test
    void outcomeAnswersKeepTheirBytesAndRoundTrip() throws MalformedMessageException {
        assertEquals("SUCCESS commit", OutcomeAnswer.COMMIT.reply().line());
        assertEquals("SUCCESS abort", OutcomeAnswer.ABORT.reply().line());
        assertEquals("SUCCESS pending", OutcomeAnswer.PENDING.reply().line());
        assertEquals("SUCCESS unknown", OutcomeAnswer.UNKNOWN.reply().line());
        for (OutcomeAnswer a : OutcomeAnswer.values()) {
            assertEquals(Optional.of(a), OutcomeAnswer.of(a.reply()));
            assertEquals(Optional.of(a), OutcomeAnswer.of(overTheWire(a.reply())));
        }
    }

    @Test
    void onlyCommitAndAbortCarryADecision() {
        for (Decision d : Decision.values()) {
            assertEquals(Optional.of(d), OutcomeAnswer.of(d).decision());
            assertEquals(d.word(), OutcomeAnswer.of(d).word(), "a decision notice is acknowledged with its word");
        }
        assertTrue(OutcomeAnswer.PENDING.decision().isEmpty());
        assertTrue(OutcomeAnswer.UNKNOWN.decision().isEmpty());
        assertEquals(Optional.empty(), OutcomeAnswer.of(Reply.failure("commit")), "a failure is no answer");
        assertEquals(Optional.empty(), OutcomeAnswer.of(Reply.success("yes -")));
    }
}
