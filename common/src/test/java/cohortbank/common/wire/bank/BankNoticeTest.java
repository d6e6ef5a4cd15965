package cohortbank.common.wire.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Endpoint;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every notice the bank sends a member survives the wire unchanged; every malformed one is refused with its reason. */
class BankNoticeTest {

    static final String KEY_A = "A".repeat(43);
    static final Member ALICE = new Member("alice", new Endpoint("127.0.0.1", 8502));
    static final Member BOB = new Member("bob", new Endpoint("127.0.0.1", 8504));

    static Stream<BankNotice> everyKind() {
        return Stream.of(
                new BankNotice.CohortFormed(3, List.of(ALICE, BOB)),
                new BankNotice.CohortFormed(4, List.of(new Member("alice", ALICE.peer(), KEY_A), BOB)),
                new BankNotice.CohortNotice(BankNotice.Notice.CONFIRMED, 3),
                new BankNotice.CohortNotice(BankNotice.Notice.FREEZE, 3),
                new BankNotice.CohortNotice(BankNotice.Notice.THAW, 3),
                new BankNotice.CohortNotice(BankNotice.Notice.DELETED, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void roundTripsThroughTheWire(BankNotice notice) throws MalformedMessageException {
        String text = Envelope.of(notice.body()).withHeader(Envelope.REQUEST_ID, "b1-1").encode();
        assertEquals(notice, BankNotice.parse(Envelope.parse(text).body()));
    }

    @Test
    void keepsTheWireBytesOfEachNotice() {
        assertEquals("cohort-formed 3 alice@127.0.0.1:8502 bob@127.0.0.1:8504",
                String.join(" ", new BankNotice.CohortFormed(3, List.of(ALICE, BOB)).body()));
        assertEquals("cohort-freeze 3",
                String.join(" ", new BankNotice.CohortNotice(BankNotice.Notice.FREEZE, 3).body()));
    }

    @Test
    void addsTheKeysTheBankHoldsToAFormedCohort() {
        BankNotice.CohortFormed keyed = new BankNotice.CohortFormed(3, List.of(ALICE, BOB))
                .withKeys(name -> Optional.ofNullable(Map.of("alice", KEY_A).get(name)));
        assertEquals(List.of("cohort-formed", "3", "alice@127.0.0.1:8502#" + KEY_A, "bob@127.0.0.1:8504"), keyed.body());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty message",
        "cohort-formed 3 alice@127.0.0.1:8502|cohort-formed: a cohort needs at least 2 members, got 1",
        "cohort-formed 3 alice@127.0.0.1:8502 alice@127.0.0.1:8504|cohort-formed: a member is listed twice",
        "cohort-formed 3 alice@127.0.0.1:80 bob@127.0.0.1:8504|bad member 'alice@127.0.0.1:80'",
        "cohort-formed 0 alice@127.0.0.1:8502 bob@127.0.0.1:8504|cohort-formed: cohort-id 0 out of range",
        "cohort-formed 3 alice bob@127.0.0.1:8504|bad member 'alice'",
        "cohort-formed 3 9x@127.0.0.1:8502 bob@127.0.0.1:8504|bad member name '9x'",
        "cohort-formed 3 alice@127.0.0.1:8502#nokey bob@127.0.0.1:8504|bad key of member 'alice'",
        "cohort-confirmed|cohort-confirmed: expected 1 argument, got 0",
        "cohort-freeze 3 4|cohort-freeze: expected 1 argument, got 2",
        "cohort-thaw x|cohort-thaw: bad cohort-id 'x'",
        "cohort-deleted \uFF11|cohort-deleted: bad cohort-id",
        "transfer alice 7 3 1.00|unknown message 'transfer'",
    })
    void refusesMalformedNoticesNamingWhatIsWrong(String line, String reason) {
        List<String> body = line.isEmpty() ? List.of() : List.of(line.split(" "));
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> BankNotice.parse(body));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }
}
