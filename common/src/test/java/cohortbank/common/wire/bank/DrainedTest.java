package cohortbank.common.wire.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DrainedTest {

    @Test
    void roundTrips() throws MalformedMessageException {
        Drained d = new Drained("alice", Money.parse("120.5"), 7);
        assertEquals("SUCCESS drained alice 120.50 7", d.reply().line());
        assertEquals(d, Drained.parse(d.reply()));
    }

    @Test
    void aFailureIsNotDrained() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> Drained.parse(Reply.failure("alice not drained: in checkpoint a:3")));
        assertTrue(e.getMessage().contains("not drained"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "drained", "alice drained; balance 1", "drained alice 1", "drained alice -1 3",
            "drained alice 1.001 3", "drained alice 1 0", "drained 9lives 1 3", "drained alice 1 3 4",
            "drained alice x 3"})
    void refusesAnythingElse(String text) {
        assertThrows(MalformedMessageException.class, () -> Drained.parse(Reply.success(text)));
    }
}
