package cohortbank.customer.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each typed result prints as the console's line always read; the figures stay fields. */
class ResultTest {

    private static final Money TEN = Money.parse("10");
    private static final Money NINETY = Money.parse("90");

    @Test
    void moneyResultsPrintTheirFigures() {
        assertEquals("SUCCESS deposited 10.00; balance 90.00", new Result.Deposited(TEN, NINETY).line());
        assertEquals("SUCCESS withdrew 10.00; balance 90.00", new Result.Withdrew(TEN, NINETY).line());
    }

    @Test
    void aTransferSaysWhatBecameOfIt() {
        assertEquals("SUCCESS transfer 10.00 to bob (label 3): delivered; balance 90.00",
                new Result.Sent(TEN, "bob", 3, Result.Delivery.DELIVERED, "", NINETY).line());
        assertEquals("SUCCESS transfer 10.00 to bob (label 3): pending, will be delivered when bob answers; balance 90.00",
                new Result.Sent(TEN, "bob", 3, Result.Delivery.PENDING, "pending, will be delivered when bob answers",
                        NINETY).line());
        assertEquals("SUCCESS lost-transfer 10.00 to bob (label 4): recorded as sent, never delivered; balance 90.00",
                new Result.Sent(TEN, "bob", 4, Result.Delivery.NEVER_SENT, "", NINETY).line());
    }

    @Test
    void aCommittedInstanceNamesWhoTookPart() {
        assertEquals("SUCCESS checkpoint alice:7: alice, bob",
                new Result.Committed(false, "alice:7", List.of("alice", "bob")).line());
        assertEquals("SUCCESS checkpoint alice:7: nobody", new Result.Committed(false, "alice:7", List.of()).line());
        assertEquals("SUCCESS rollback alice:8: alice", new Result.Committed(true, "alice:8", List.of("alice")).line());
        assertEquals("SUCCESS rollback alice:8: nobody needed to roll back",
                new Result.Committed(true, "alice:8", List.of()).line());
    }

    @Test
    void theBanksAnswerPassesThroughAndOnlyFailedIsAFailure() {
        Result opened = Result.fromBank(Reply.success("opened alice 100.00 127.0.0.1 5000 5001"));
        assertTrue(opened.success());
        assertEquals("SUCCESS opened alice 100.00 127.0.0.1 5000 5001", opened.line());
        Result refused = Result.fromBank(Reply.failure("exit: delete the cohort first"));
        assertFalse(refused.success());
        assertEquals(new Result.Failed("exit: delete the cohort first"), refused);
        assertEquals("FAILURE exit: delete the cohort first", refused.line());
        assertEquals(Reply.failure("x: y"), new Result.Failed("x: y").reply());
    }
}
