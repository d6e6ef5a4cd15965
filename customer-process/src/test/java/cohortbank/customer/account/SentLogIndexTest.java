package cohortbank.customer.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Account#sentTo} and {@link Account#holdsSent}, the channels' view of the sent log, say
 * exactly what a scan of {@link Account#sentLog} says, through sends, lost transfers, prunes,
 * copies, a round trip through the state file and leaving the cohort.
 */
class SentLogIndexTest {

    private static final List<String> PEERS = List.of("bob", "carol", "dave");

    @Test
    void theViewAgreesWithAScanOfTheLogThroughEveryChange() {
        Random random = new Random(20261202);
        Account a = new Account(Money.ofCents(1_000_000));
        long label = 0;
        for (int step = 0; step < 2_000; step++) {
            String peer = PEERS.get(random.nextInt(PEERS.size()));
            switch (random.nextInt(10)) {
                case 0 -> a.pruneSent(peer, random.nextInt((int) label + 1));
                case 1 -> a = a.copy();
                case 2 -> a = Account.fromLines(a.toLines());
                default -> a.send(peer, Money.ofCents(1), ++label, random.nextInt(8) == 0);
            }
            assertAgrees(a, label, random);
        }
        a.leaveCohort();
        for (String peer : PEERS) {
            assertEquals(List.of(), List.copyOf(a.sentTo(peer, 0)));
        }
    }

    @Test
    void aLostTransferIsNeverInTheView() {
        Account a = new Account(Money.ofCents(100));
        a.send("bob", Money.ofCents(10), 1, true);
        a.send("bob", Money.ofCents(10), 2, false);

        assertEquals(List.of(2L), List.copyOf(a.sentTo("bob", 0)).stream().map(SentTransfer::label).toList());
        assertFalse(a.holdsSent("bob", 1));
        assertTrue(a.holdsSent("bob", 2));
        assertFalse(a.holdsSent("carol", 2));
    }

    @Test
    void aCopyHasAViewOfItsOwn() {
        Account a = new Account(Money.ofCents(100));
        a.send("bob", Money.ofCents(10), 1, false);
        Account copy = a.copy();
        a.send("bob", Money.ofCents(10), 2, false);
        copy.pruneSent("bob", 1);

        assertEquals(List.of(1L, 2L), List.copyOf(a.sentTo("bob", 0)).stream().map(SentTransfer::label).toList());
        assertEquals(List.of(), List.copyOf(copy.sentTo("bob", 0)));
    }

    private static void assertAgrees(Account a, long maxLabel, Random random) {
        for (String peer : PEERS) {
            long after = random.nextInt((int) maxLabel + 1);
            List<SentTransfer> scanned = new ArrayList<>();
            for (SentTransfer t : a.sentLog()) {
                if (t.receiver().equals(peer) && t.label() > after) {
                    scanned.add(t);
                }
            }
            assertEquals(scanned, List.copyOf(a.sentTo(peer, after)), peer + " after " + after);
            long probe = random.nextInt((int) maxLabel + 2);
            assertEquals(a.sentLog().stream().anyMatch(t -> t.receiver().equals(peer) && t.label() == probe),
                    a.holdsSent(peer, probe), peer + " holds " + probe);
        }
    }
}
