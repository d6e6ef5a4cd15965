package cohortbank.customer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import cohortbank.customer.account.HistoryEntry;
import cohortbank.customer.account.HistoryEntry.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each DESIGN §7 rule, broken on purpose in a two-customer cohort, is reported by name. */
class InvariantsTest {

    private static HistoryEntry sent(String to, long label, long cents) {
        return new HistoryEntry(Kind.SENT, Money.ofCents(cents), to, label);
    }

    private static HistoryEntry received(String from, long label, long cents) {
        return new HistoryEntry(Kind.RECEIVED, Money.ofCents(cents), from, label);
    }

    private static HistoryEntry local(Kind kind, long cents) {
        return new HistoryEntry(kind, Money.ofCents(cents), "-", 0);
    }

    /** Books whose balance agrees with its opening and history, and whose cut is empty. */
    private static Invariants.Books books(String name, long opening, List<HistoryEntry> history) {
        long balance = opening + history.stream().mapToLong(HistoryEntry::deltaCents).sum();
        return new Invariants.Books(name, opening, balance, history, Optional.of(List.of()));
    }

    @Test
    void aHealthyCohortBreaksNothing() {
        List<Invariants.Books> cohort = List.of(
                books("alice", 1000, List.of(sent("bob", 1, 300), local(Kind.DEPOSIT, 50), local(Kind.LOST, 20))),
                books("bob", 1000, List.of(received("alice", 1, 300), local(Kind.WITHDRAWAL, 100))));
        assertEquals(List.of(), Invariants.safety(cohort));
        assertEquals(List.of(), Invariants.quiet(cohort));
    }

    @Test
    void aLiveOrphanIsReportedOnlyWhenTheCohortIsSettled() {
        List<Invariants.Books> cohort = List.of(
                books("alice", 1000, List.of()),
                books("bob", 1000, List.of(received("alice", 1, 300))));
        List<String> v = Invariants.safety(cohort);
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).startsWith("orphan in live state: bob holds alice's label 1"), v.get(0));
        assertEquals(List.of(), Invariants.safety(cohort, false), "mid-rollback a live orphan is allowed");
    }

    @Test
    void anOrphanInThePermanentCutIsReportedEvenWhenUnsettled() {
        List<Invariants.Books> cohort = List.of(
                new Invariants.Books("alice", 1000, 700, List.of(sent("bob", 1, 300)), Optional.of(List.of())),
                new Invariants.Books("bob", 1000, 1300, List.of(received("alice", 1, 300)),
                        Optional.of(List.of(received("alice", 1, 300)))));
        List<String> v = Invariants.safety(cohort, false);
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).startsWith("orphan in permanent checkpoints: bob holds alice's label 1"), v.get(0));
    }

    @Test
    void aTransferAppliedTwiceIsReported() {
        List<Invariants.Books> cohort = List.of(
                books("alice", 1000, List.of(sent("bob", 1, 300))),
                books("bob", 1000, List.of(received("alice", 1, 300), received("alice", 1, 300))));
        List<String> v = Invariants.safety(cohort);
        assertEquals(List.of("applied twice: bob applied alice's label 1 twice"), v);
    }

    @Test
    void aNegativeBalanceIsReported() {
        List<Invariants.Books> cohort = List.of(books("alice", 100, List.of(local(Kind.WITHDRAWAL, 150))));
        assertEquals(List.of("negative balance: alice holds -50 cents"), Invariants.safety(cohort));
    }

    @Test
    void aBalanceThatDisagreesWithItsHistoryIsReported() {
        List<Invariants.Books> cohort = List.of(
                new Invariants.Books("alice", 1000, 1200, List.of(local(Kind.DEPOSIT, 100)), Optional.empty()));
        List<String> v = Invariants.safety(cohort);
        assertEquals(List.of("books disagree: alice's balance is 1200 cents but its opening and history add up to 1100"), v);
    }

    @Test
    void aTransferNeverReceivedIsLostOnceQuiet() {
        List<Invariants.Books> cohort = List.of(
                books("alice", 1000, List.of(sent("bob", 1, 300))),
                books("bob", 1000, List.of()));
        assertEquals(List.of(), Invariants.safety(cohort), "in flight is no safety violation");
        List<String> v = Invariants.quiet(cohort);
        assertTrue(v.contains("lost: alice's label 1 to bob (3.00) was never received"), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("money: balances add up to 1700 cents")), v.toString());
    }

    @Test
    void moneyCreatedOutOfNothingIsReportedOnceQuiet() {
        List<Invariants.Books> cohort = List.of(
                new Invariants.Books("alice", 1000, 1500, List.of(local(Kind.DEPOSIT, 500)), Optional.empty()),
                new Invariants.Books("bob", 1000, 1000, List.of(), Optional.empty()));
        assertEquals(List.of(), Invariants.quiet(cohort));
        List<Invariants.Books> forged = List.of(
                new Invariants.Books("alice", 1000, 1500, List.of(local(Kind.DEPOSIT, 500)), Optional.empty()),
                new Invariants.Books("bob", 1000, 1001, List.of(), Optional.empty()));
        assertEquals(List.of("money: balances add up to 2501 cents, but openings, deposits, withdrawals"
                + " and lost transfers say 2500"), Invariants.quiet(forged));
    }
}
