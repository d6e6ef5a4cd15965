package cohortbank.common.wire.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every request a customer sends the bank survives the wire unchanged; every malformed one is refused with its reason. */
class BankRequestTest {

    static Stream<BankRequest> everyKind() {
        return Stream.of(
                new BankRequest.Open("alice", Money.parse("100.00"), "127.0.0.1", 8501, 8502),
                new BankRequest.Open("bob", Money.ZERO, "10.0.0.7", 1024, 65535),
                new BankRequest.NewCohort("alice", 2),
                new BankRequest.NewCohort("alice", BankRequest.NewCohort.MAX_SIZE),
                new BankRequest.DeleteCohort("alice"),
                new BankRequest.Exit("alice"),
                new BankRequest.ReportBalance("alice", Money.parse("12.34"), 7),
                new BankRequest.CohortOf("alice"),
                new BankRequest.Help(),
                new BankRequest.Total(),
                new BankRequest.BankKey());
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void roundTripsThroughTheWire(BankRequest request) throws MalformedMessageException {
        String text = Envelope.of(request.body()).withHeader(Envelope.REQUEST_ID, "k1-1").encode();
        assertEquals(request, BankRequest.parse(Envelope.parse(text).body()));
    }

    @Test
    void keepsTheWireBytesOfEachRequest() {
        assertEquals("open alice 100.00 127.0.0.1 8501 8502",
                String.join(" ", new BankRequest.Open("alice", Money.parse("100"), "127.0.0.1", 8501, 8502).body()));
        assertEquals("new-cohort alice 3", String.join(" ", new BankRequest.NewCohort("alice", 3).body()));
        assertEquals("report-balance bob 0.50 12",
                String.join(" ", new BankRequest.ReportBalance("bob", Money.parse("0.5"), 12).body()));
        assertEquals(List.of("bank-key"), new BankRequest.BankKey().body());
    }

    @Test
    void everyKeyedVerbParsesAndNamesItsCustomer() throws MalformedMessageException {
        for (BankRequest r : everyKind().toList()) {
            assertEquals(r instanceof BankRequest.Keyed, BankRequest.KEYED.contains(r.verb()), r.verb());
            assertTrue(r instanceof BankRequest.Keyed || BankRequest.PUBLIC.contains(r.verb()), r.verb());
            if (r instanceof BankRequest.Keyed k) {
                assertEquals(k.name(), r.body().get(1), "the gate reads the customer as the first argument");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty message",
        "open alice 100 127.0.0.1 8501|open: expected 5 arguments, got 4",
        "open 9lives 100 127.0.0.1 8501 8502|open: bad name '9lives'",
        "open alice -1 127.0.0.1 8501 8502|open: bad balance",
        "open alice 1.001 127.0.0.1 8501 8502|open: bad balance",
        "open alice 100 localhost 8501 8502|open: bad ipv4 'localhost'",
        "open alice 100 127.0.0.1 80 8502|open: bad port1",
        "open alice 100 127.0.0.1 8501 8501|open: port1 and port2 must differ, both are 8501",
        "new-cohort alice 1|new-cohort: n 1 out of range 2-64",
        "new-cohort alice 65|new-cohort: n 65 out of range 2-64",
        "new-cohort alice +3|new-cohort: bad n '+3'",
        "delete-cohort|delete-cohort: expected 1 argument, got 0",
        "exit alice bob|exit: expected 1 argument, got 2",
        "report-balance alice 10.00 0|report-balance: seq 0 out of range",
        "report-balance alice 10.00 \uFF11|report-balance: bad seq",
        "cohort-of a!ce|cohort-of: bad name 'a!ce'",
        "bank-key now|bank-key: expected 0 arguments, got 1",
        "transfer 10 bob|unknown command 'transfer'; known: open, new-cohort, delete-cohort, exit, report-balance, cohort-of",
    })
    void refusesMalformedRequestsNamingWhatIsWrong(String line, String reason) {
        List<String> body = line.isEmpty() ? List.of() : List.of(line.split(" "));
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> BankRequest.parse(body));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }

    @Test
    void readsTheBankKeyFromItsAnswerOnly() {
        Reply answer = BankRequest.BankKey.answer("KEY123", "ab:cd");
        assertEquals("SUCCESS bank-key KEY123 fingerprint ab:cd", answer.line());
        assertEquals(Optional.of("KEY123"), BankRequest.BankKey.keyIn(answer));
        assertEquals(Optional.empty(), BankRequest.BankKey.keyIn(Reply.failure("bank-key KEY123")));
        assertEquals(Optional.empty(), BankRequest.BankKey.keyIn(Reply.success("total 0.00")));
        assertEquals(Optional.empty(), BankRequest.BankKey.keyIn(Reply.success("bank-key")));
    }

    @Test
    void aCohortOfAnswerIsReadBackAsTheCohortItNamesAndNothingElseIs() {
        assertEquals(OptionalLong.of(7), BankRequest.CohortOf.cohortIn(
                BankRequest.CohortOf.answer(7, "alice@127.0.0.1:8502 bob@127.0.0.1:8512")));
        assertEquals("SUCCESS cohort none", BankRequest.CohortOf.none().line());
        for (Reply other : List.of(BankRequest.CohortOf.none(), Reply.failure("cohort-of: alice is busy: cohort 7 is"
                + " being deleted"), Reply.success("cohort"), Reply.success("cohort x alice"), Reply.success("balance 7"))) {
            assertEquals(OptionalLong.empty(), BankRequest.CohortOf.cohortIn(other), other.line());
        }
    }
}
