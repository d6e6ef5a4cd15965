package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankNotice;
import cohortbank.common.wire.bank.Drained;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BankTest {

    /** A request the bank sent to a customer, waiting for the test to answer it. */
    record Sent(Endpoint to, List<String> body, Consumer<Reply> onReply, Runnable onNoAnswer) {
        String text() {
            return String.join(" ", body);
        }
    }

    RecordingStorage disk = new RecordingStorage();
    BankStore store = disk.store();
    List<BankTable> saved = disk.tables;
    final List<Sent> sent = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final TurnScheduler loop = new TurnScheduler();
    Bank bank = newBank(new Random(42));

    Bank newBank(Random random) {
        try {
            return new Bank(store.load(), store, this::record, random, loop, log::add);
        } catch (BankDataException e) {
            throw new AssertionError(e);
        }
    }

    /** A bank started again on the same disk (after a crash), with its unfinished operations resumed. */
    Bank restarted() {
        sent.clear();
        bank = newBank(new Random(7));
        bank.resume();
        return bank;
    }

    void record(Endpoint to, BankNotice notice, long withinMillis, Consumer<Reply> onReply, Runnable onNoAnswer) {
        sent.add(new Sent(to, notice.body(), onReply, onNoAnswer));
    }

    /** The reply, which must have come at once. */
    Reply send(String line) {
        List<Reply> replies = new ArrayList<>();
        bank.handle(Arrays.asList(line.trim().split(" +")), replies::add);
        assertEquals(1, replies.size(), "exactly one immediate reply to " + line);
        return replies.get(0);
    }

    Reply ok(String line) {
        Reply r = send(line);
        assertTrue(r.success(), line + " -> " + r);
        return r;
    }

    /** Asserts FAILURE mentioning {@code expected}, and that nothing changed or was sent. */
    void refused(String line, String expected) {
        BankTable before = bank.table();
        int saves = saved.size();
        int sends = sent.size();
        Reply r = send(line);
        assertFalse(r.success(), line + " -> " + r);
        assertTrue(r.text().contains(expected), r + " should mention '" + expected + "'");
        assertEquals(before, bank.table(), "table unchanged after " + line);
        assertEquals(saves, saved.size(), "nothing saved after " + line);
        assertEquals(sends, sent.size(), "nothing sent after " + line);
    }

    void openFour() {
        ok("open alice 100 127.0.0.1 8501 8502");
        ok("open bob 50.5 127.0.0.1 8503 8504");
        ok("open carol 0 127.0.0.1 8505 8506");
        ok("open dave 10.25 127.0.0.1 8507 8508");
    }

    /** Starts new-cohort; returns the list that collects its (later) reply. */
    List<Reply> startCohort(String line) {
        List<Reply> replies = new ArrayList<>();
        bank.handle(Arrays.asList(line.split(" ")), replies::add);
        return replies;
    }

    /** Acknowledges every request the bank sent, and those it sends in consequence, until none is left. */
    void ackAll() {
        while (!sent.isEmpty()) {
            List<Sent> pending = new ArrayList<>(sent);
            sent.clear();
            pending.forEach(s -> s.onReply().accept(Reply.success("ok")));
        }
    }

    /** Every member answers the freeze, and answers it again when asked a second time. */
    void drainTwice() {
        for (int round = 1; round <= 2; round++) {
            List<Sent> freezes = new ArrayList<>(sent);
            sent.clear();
            freezes.forEach(s -> assertEquals("cohort-freeze 1", s.text()));
            assertFalse(freezes.isEmpty(), "round " + round + " asks every member");
            freezes.forEach(s -> s.onReply().accept(drained(s)));
        }
    }

    /** The answer of the member {@code s} went to: drained, with the balance its row holds. */
    Reply drained(Sent s) {
        CustomerRecord m = bank.table().activeAt(s.to()).orElseThrow();
        return new Drained(m.name(), m.balance(), 1000 + round++).reply();
    }

    /** Numbers the drained answers' reports. */
    int round;

    CustomerRecord row(String name) {
        return bank.table().find(name).orElseThrow();
    }

    @Test
    void openRecordsADurableActiveRowAndDescribesIt() {
        Reply r = ok("open alice 100 127.0.0.1 8501 8502");
        assertEquals("SUCCESS opened alice balance 100.00 at 127.0.0.1:8501/8502", r.line());
        assertEquals(CustomerRecord.opened("alice", Money.parse("100"), "127.0.0.1", 8501, 8502), row("alice"));
        assertEquals(bank.table(), saved.get(saved.size() - 1));
    }

    @Test
    void openWithTheSameAddressAgainIsAnsweredAsAlreadyOpenWithoutChange() {
        ok("open alice 100 127.0.0.1 8501 8502");
        int saves = saved.size();
        Reply r = ok("open alice 100 127.0.0.1 8501 8502");
        assertTrue(r.text().contains("already open"), r.line());
        assertEquals(saves, saved.size());
    }

    @Test
    void openRefusesAnActiveDuplicateName() {
        ok("open alice 100 127.0.0.1 8501 8502");
        refused("open alice 100 127.0.0.1 8601 8602", "customer 'alice' already exists");
    }

    @Test
    void openRefusesAPortUsedByAnotherActiveCustomer() {
        ok("open alice 100 127.0.0.1 8501 8502");
        refused("open bob 1 127.0.0.1 8502 8600", "already used by customer 'alice'");
        refused("open bob 1 127.0.0.1 8600 8501", "already used by customer 'alice'");
    }

    @Test
    void openAllowsTheSamePortsOnAnotherAddressOrOfAnExitedCustomer() {
        ok("open alice 100 127.0.0.1 8501 8502");
        ok("open bob 1 127.0.0.2 8501 8502");
        ok("exit alice");
        ok("open carol 1 127.0.0.1 8501 8502");
    }

    @Test
    void reopeningAnExitedNameReplacesItsRow() {
        ok("open alice 100 127.0.0.1 8501 8502");
        ok("exit alice");
        ok("open alice 7 127.0.0.1 8601 8602");
        assertEquals(CustomerRecord.opened("alice", Money.parse("7"), "127.0.0.1", 8601, 8602), row("alice"));
        assertEquals(1, bank.table().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "open alice 100 127.0.0.1 8501|expected 5 arguments",
        "open alice 100 127.0.0.1 8501 8502 9|expected 5 arguments",
        "open 1alice 100 127.0.0.1 8501 8502|bad name",
        "open alice -1 127.0.0.1 8501 8502|must not be negative",
        "open alice 1.005 127.0.0.1 8501 8502|more than two decimals",
        "open alice ten 127.0.0.1 8501 8502|bad balance",
        "open alice 1 127.0.0.256 8501 8502|bad ipv4",
        "open alice 1 localhost 8501 8502|bad ipv4",
        "open alice 1 127.0.0.1 80 8502|out of range",
        "open alice 1 127.0.0.1 8501 65536|out of range",
        "open alice 1 127.0.0.1 8501 8501|port1 and port2 must differ",
        "new-cohort alice|expected 2 arguments",
        "new-cohort alice two|bad n",
        "new-cohort alice 1|n 1 out of range",
        "delete-cohort|expected 1 argument",
        "exit|expected 1 argument",
        "report-balance alice 1|expected 3 arguments",
        "report-balance alice 1 0|seq 0 out of range",
        "report-balance alice -1 1|must not be negative",
        "cohort-of|expected 1 argument",
        "transfer 10 bob|unknown command 'transfer'; known: open, new-cohort, delete-cohort, exit, "
            + "report-balance, cohort-of",
    })
    void badInputIsRefusedNamingTheProblemAndChangesNothing(String caseText) {
        ok("open bob 1 127.0.0.1 8601 8602");
        String[] parts = caseText.split("\\|");
        refused(parts[0], parts[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"new-cohort zed 2", "delete-cohort zed", "exit zed", "report-balance zed 1 1",
        "cohort-of zed"})
    void unknownCustomersAreRefused(String line) {
        openFour();
        refused(line, "unknown customer 'zed'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"new-cohort alice 2", "exit alice", "report-balance alice 1 1"})
    void exitedCustomersAreRefused(String line) {
        openFour();
        ok("exit alice");
        refused(line, "customer 'alice' has exited");
    }

    @Test
    void newCohortAsksEveryMemberThenRecordsAndAnswersTheMembership() {
        openFour();
        List<Reply> reply = startCohort("new-cohort alice 3");
        assertTrue(reply.isEmpty(), "no answer before the members acknowledge");
        assertEquals(3, sent.size());
        String formed = sent.get(0).text();
        assertTrue(formed.startsWith("cohort-formed 1 alice@127.0.0.1:8502 "), formed);
        sent.forEach(s -> assertEquals(formed, s.text(), "every member gets the same membership"));
        assertFalse(row("alice").inCohort(), "nothing recorded before acknowledgement");
        ackAll();
        assertEquals(1, reply.size());
        assertEquals("SUCCESS cohort 1: " + formed.substring("cohort-formed 1 ".length()), reply.get(0).line());
        List<CustomerRecord> members = bank.table().members(1);
        assertEquals(3, members.size());
        assertTrue(members.stream().anyMatch(m -> m.name().equals("alice")));
        assertEquals(bank.table(), saved.get(saved.size() - 1));
        assertEquals("SUCCESS cohort 1 " + formed.substring("cohort-formed 1 ".length()),
                send("cohort-of alice").line());
    }

    @Test
    void membersAreSentToTheirPort1AndSortedByName() {
        openFour();
        startCohort("new-cohort dave 4");
        List<Integer> ports = sent.stream().map(s -> s.to().port()).sorted().toList();
        assertEquals(List.of(8501, 8503, 8505, 8507), ports);
        assertEquals("cohort-formed 1 alice@127.0.0.1:8502 bob@127.0.0.1:8504 carol@127.0.0.1:8506 "
                + "dave@127.0.0.1:8508", sent.get(0).text());
    }

    @Test
    void theSameSeedPicksTheSameMembersAndOtherSeedsVary() {
        List<String> picks = new ArrayList<>();
        for (long seed = 0; seed < 8; seed++) {
            picks.add(formWithSeed(seed));
            assertEquals(picks.get(picks.size() - 1), formWithSeed(seed), "seed " + seed + " replays");
        }
        assertTrue(picks.stream().distinct().count() > 1, "different seeds pick differently: " + picks);
    }

    private String formWithSeed(long seed) {
        disk = new RecordingStorage();
        store = disk.store();
        saved = disk.tables;
        sent.clear();
        bank = newBank(new Random(seed));
        openFour();
        ok("open erin 1 127.0.0.1 8509 8510");
        startCohort("new-cohort alice 3");
        return sent.get(0).text();
    }

    @Test
    void newCohortRefusesWhenTooFewFreeCustomersAndSaysHowMany() {
        openFour();
        refused("new-cohort alice 5", "needs 4 other active customers in no cohort, but there are 3 (bob, carol, dave)");
    }

    @Test
    void newCohortDrawsOnlyFreeUnreservedCustomersAndAnyOfThemCanBeDrawn() {
        // 20 customers: two exit, four form cohort 1, three are reserved by a formation nobody
        // answers yet; whatever the seed, a new cohort draws from the 11 others only, and every
        // customer that has not exited (c3 and c4 found the first two cohorts) is drawn by some seed.
        java.util.Set<String> everDrawn = new java.util.HashSet<>();
        int eligible = -1;
        for (int seed = 0; seed < 100; seed++) {
            sent.clear();
            bank = new Bank(new BankStore.Contents(BankTable.empty(), BankState.initial()), new RecordingStorage().store(), this::record, new Random(seed),
                    loop, log::add);
            for (int i = 0; i < 20; i++) {
                ok("open c" + i + " 1 127.0.0.1 " + (9000 + 2 * i) + " " + (9001 + 2 * i));
            }
            ok("exit c1");
            ok("exit c2");
            startCohort("new-cohort c3 4");
            ackAll();
            startCohort("new-cohort c4 3"); // stays reserved: nobody answers
            java.util.Set<String> taken = new java.util.HashSet<>(bank.reserved());
            bank.table().members(1).forEach(m -> taken.add(m.name()));
            String founder = bank.table().customers().stream().filter(CustomerRecord::free)
                    .map(CustomerRecord::name).filter(n -> !taken.contains(n)).findFirst().orElseThrow();
            sent.clear();
            startCohort("new-cohort " + founder + " 3");
            List<String> members = sent.stream().map(m -> nameAt(m.to())).toList();
            assertEquals(3, members.size(), "the founder and two drawn: " + members);
            assertTrue(members.contains(founder), "the founder is a member: " + members);
            for (String m : members) {
                assertTrue(row(m).free() && !taken.contains(m), m + " is exited, in a cohort or reserved, yet drawn");
            }
            everDrawn.addAll(members);
            eligible = 20 - 2 - taken.size();
        }
        assertEquals(11, eligible);
        assertEquals(20 - 4, everDrawn.size(), "every customer but c1 to c4 is drawn by some seed: " + everDrawn);
    }

    private String nameAt(Endpoint bankEndpoint) {
        return bank.table().customers().stream().filter(c -> c.bankEndpoint().equals(bankEndpoint)).findFirst()
                .orElseThrow().name();
    }

    @Test
    void newCohortRefusesAFounderAlreadyInACohortAndDoesNotPickCohortMembers() {
        openFour();
        startCohort("new-cohort alice 2");
        ackAll();
        int cohort = row("alice").cohort();
        String partner = bank.table().members(cohort).stream().map(CustomerRecord::name)
                .filter(n -> !n.equals("alice")).findFirst().orElseThrow();
        refused("new-cohort alice 2", "alice is already in cohort 1");
        refused("new-cohort " + partner + " 2", "already in cohort 1");
        String other = List.of("bob", "carol", "dave").stream().filter(n -> !n.equals(partner)).findFirst()
                .orElseThrow();
        refused("new-cohort " + other + " 3", "but there is 1");
    }

    @Test
    void reservedMembersCannotBePickedExitOrBeDeletedWhileACohortForms() {
        openFour();
        List<Reply> first = startCohort("new-cohort alice 2");
        String partner = sent.stream().map(s -> s.to().port()).filter(p -> p != 8501).findFirst()
                .map(p -> bank.table().customers().stream().filter(c -> c.port1() == p).findFirst()
                        .orElseThrow().name()).orElseThrow();
        refused("exit alice", "cohort 1 is being formed or deleted; retry");
        refused("exit " + partner, "cohort 1 is being formed or deleted; retry");
        refused("delete-cohort " + partner, "cohort 1 is being formed or deleted; retry");
        refused("new-cohort alice 2", "cohort 1 is being formed or deleted; retry");
        refused("new-cohort " + partner + " 2", "cohort 1 is being formed or deleted; retry");
        String free = List.of("bob", "carol", "dave").stream().filter(n -> !n.equals(partner)).findFirst()
                .orElseThrow();
        refused("new-cohort " + free + " 3", "but there is 1");
        ackAll();
        assertTrue(first.get(0).success());
        ok("exit " + free);
    }

    @Test
    void aMemberThatDoesNotAcknowledgeFailsTheCohortAndTheOthersAreToldToDropIt() {
        openFour();
        List<Reply> reply = startCohort("new-cohort alice 4");
        BankTable before = bank.table();
        List<Sent> asked = new ArrayList<>(sent);
        sent.clear();
        for (Sent s : asked) {
            s.onReply().accept(s.to().port() == 8505
                    ? Reply.failure("127.0.0.1:8505 unreachable: no answer after 6 tries")
                    : Reply.success("joined"));
        }
        assertEquals(1, reply.size());
        assertEquals("FAILURE new-cohort: carol did not acknowledge (FAILURE 127.0.0.1:8505 unreachable: "
                + "no answer after 6 tries); nothing recorded", reply.get(0).line());
        assertEquals(before, bank.table());
        assertEquals(List.of(8501, 8503, 8505, 8507), sent.stream().map(s -> s.to().port()).sorted().toList());
        sent.forEach(s -> assertEquals("cohort-deleted 1", s.text()));
        assertFalse(bank.reserved().isEmpty(), "members stay reserved until every one has left");
        ackAll();
        assertTrue(bank.reserved().isEmpty(), "reservations freed");
        ok("exit carol");
        startCohort("new-cohort alice 3");
        assertTrue(sent.stream().anyMatch(s -> s.text().startsWith("cohort-formed 2 ")), "next id is fresh");
    }

    @Test
    void aFailedWriteWhileRecordingACohortStopsTheBankWithNothingAdopted() {
        openFour();
        startCohort("new-cohort alice 2");
        disk.failing = true;
        List<Sent> asked = new ArrayList<>(sent);
        sent.clear();
        // Fail-stop: the restart finds the intent in the sidecar and settles it (BankRestartTest).
        assertThrows(DurabilityFailure.class, () -> asked.forEach(s -> s.onReply().accept(Reply.success("prepared"))));
        assertFalse(row("alice").inCohort(), "memory did not adopt what the disk may not hold");
        assertTrue(sent.isEmpty(), "nobody is told anything: " + sent);
    }

    @Test
    void balancesReportedWhileFormingAreKeptWhenTheCohortIsRecorded() {
        openFour();
        startCohort("new-cohort alice 2");
        ok("report-balance alice 70 1");
        ackAll();
        assertEquals(Money.parse("70"), row("alice").balance());
        assertTrue(row("alice").inCohort());
    }

    @Test
    void deleteCohortFreezesEveryMemberThenRemovesItDurablyAndTellsThemToLeave() {
        openFour();
        startCohort("new-cohort alice 4");
        ackAll();
        List<Reply> r = startCohort("delete-cohort bob");
        assertTrue(r.isEmpty(), "no answer before every member drained");
        assertEquals(4, sent.size());
        sent.forEach(s -> assertEquals("cohort-freeze 1", s.text()));
        assertEquals(1, bank.table().cohorts().size(), "nothing removed while members drain");
        drainTwice();
        assertEquals("SUCCESS deleted cohort 1 (alice, bob, carol, dave)", r.get(0).line());
        assertTrue(bank.table().cohorts().isEmpty());
        assertEquals(bank.table(), saved.get(saved.size() - 1));
        assertEquals(4, sent.size());
        sent.forEach(s -> assertEquals("cohort-deleted 1", s.text()));
        Sent first = sent.remove(0);
        first.onNoAnswer().run();
        assertEquals("cohort-deleted 1", sent.get(sent.size() - 1).text(), "a member that did not answer is asked again");
        assertTrue(log.stream().anyMatch(l -> l.contains("asking again")), "logged");
        ackAll();
        assertTrue(bank.reserved().isEmpty());
        assertEquals("SUCCESS cohort none", send("cohort-of alice").line());
    }

    /**
     * Money moved after the members' last reports: the deletion records the last round's
     * drained balances with the cohort's removal, in one durable change (no table on disk has
     * one without the other), and a report numbered before the drained answer, arriving late,
     * does not overwrite them.
     */
    @Test
    void theDeletionRecordsTheLastRoundsDrainedBalancesWithTheRemoval() {
        openFour();
        startCohort("new-cohort alice 2");
        ackAll();
        String partner = row("bob").inCohort() ? "bob" : row("carol").inCohort() ? "carol" : "dave";
        Money partnerBefore = row(partner).balance();
        ok("report-balance alice 100 5");
        List<Reply> r = startCohort("delete-cohort alice");
        int savesBefore = saved.size();
        for (int round = 1; round <= 2; round++) {
            List<Sent> freezes = new ArrayList<>(sent);
            sent.clear();
            // 15.00 moved from alice to partner after their last reports; the first round's
            // figures are stale (a rollback may still have undone something), the second's count.
            Money delta = Money.parse(round == 1 ? "1" : "15");
            for (Sent s : freezes) {
                CustomerRecord m = bank.table().activeAt(s.to()).orElseThrow();
                Money b = m.name().equals("alice") ? m.balance().minus(delta) : m.balance().plus(delta);
                s.onReply().accept(new Drained(m.name(), b, 10 + round).reply());
            }
        }
        assertTrue(r.get(0).success(), r.get(0).line());
        assertEquals(Money.parse("85"), row("alice").balance());
        assertEquals(partnerBefore.plus(Money.parse("15")), row(partner).balance());
        assertFalse(row("alice").inCohort());
        for (BankTable t : saved.subList(savesBefore, saved.size())) {
            boolean removed = t.cohorts().isEmpty();
            assertEquals(removed ? Money.parse("85") : Money.parse("100"), t.find("alice").orElseThrow().balance(),
                    "the removal and the balances are durable together: " + t);
        }
        assertEquals(bank.table(), saved.get(saved.size() - 1));
        Reply late = ok("report-balance alice 100 5");
        assertTrue(late.text().contains("unchanged at 85.00"), late.line());
        assertEquals(Money.parse("85"), row("alice").balance());
        ackAll();
        // A restart reads the same figures back.
        restarted();
        assertEquals(Money.parse("85"), row("alice").balance());
        assertEquals(12, bank.state().reports().get("alice").seq());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok", "drained", "drained alice 1 2 3", "drained mallory 1 7", "drained alice -1 7"})
    void aDrainedAnswerThatIsNotTheMembersOwnThawsEveryoneAndNothingChanges(String text) {
        openFour();
        startCohort("new-cohort alice 2");
        ackAll();
        BankTable before = bank.table();
        List<Reply> r = startCohort("delete-cohort alice");
        for (int round = 1; round <= 2 && r.isEmpty(); round++) {
            List<Sent> freezes = new ArrayList<>(sent);
            sent.clear();
            for (Sent s : freezes) {
                boolean alice = bank.table().activeAt(s.to()).orElseThrow().name().equals("alice");
                s.onReply().accept(alice && round == 2 ? Reply.success(text) : drained(s));
            }
        }
        assertFalse(r.get(0).success());
        assertTrue(r.get(0).text().contains("alice gave a bad drained answer") && r.get(0).text().contains("unchanged"),
                r.get(0).line());
        assertEquals(before, bank.table());
        sent.forEach(s -> assertEquals("cohort-thaw 1", s.text()));
        ackAll();
        assertTrue(bank.reserved().isEmpty());
    }

    @Test
    void aMemberThatDoesNotDrainThawsEveryoneAndNothingChanges() {
        openFour();
        startCohort("new-cohort alice 3");
        ackAll();
        BankTable before = bank.table();
        List<Reply> r = startCohort("delete-cohort alice");
        List<Sent> freezes = new ArrayList<>(sent);
        sent.clear();
        freezes.get(0).onNoAnswer().run();
        freezes.get(1).onReply().accept(Reply.failure("busy"));
        freezes.get(2).onReply().accept(drained(freezes.get(2)));
        assertFalse(r.get(0).success());
        assertTrue(r.get(0).text().contains("did not drain") && r.get(0).text().contains("unchanged"), r.get(0).line());
        assertEquals(before, bank.table());
        assertEquals(3, sent.size());
        sent.forEach(s -> assertEquals("cohort-thaw 1", s.text()));
        ackAll();
        assertTrue(bank.reserved().isEmpty());
    }

    @Test
    void deleteCohortRefusesACustomerInNoCohort() {
        openFour();
        refused("delete-cohort alice", "alice is not in a cohort");
    }

    @Test
    void exitMarksTheCustomerExitedDurably() {
        openFour();
        assertEquals("SUCCESS alice exited", ok("exit alice").line());
        assertTrue(row("alice").exited());
        assertEquals(bank.table(), saved.get(saved.size() - 1));
        refused("exit alice", "has exited");
    }

    @Test
    void exitInACohortIsRefusedWithAdvice() {
        openFour();
        startCohort("new-cohort alice 4");
        ackAll();
        refused("exit alice", "exit: alice is in cohort 1; delete the cohort first");
    }

    @Test
    void reportBalanceAppliesOnlyNewerReports() {
        openFour();
        ok("report-balance alice 80 2");
        assertEquals(Money.parse("80"), row("alice").balance());
        int saves = saved.size();
        Reply stale = ok("report-balance alice 60 1");
        assertTrue(stale.text().contains("unchanged"), stale.line());
        ok("report-balance alice 60 2");
        assertEquals(Money.parse("80"), row("alice").balance());
        assertEquals(saves, saved.size());
        ok("report-balance alice 60.5 3");
        assertEquals(Money.parse("60.50"), row("alice").balance());
    }

    @Test
    void cohortOfAnswersNoneOutsideACohort() {
        openFour();
        assertEquals("SUCCESS cohort none", send("cohort-of alice").line());
    }

    @Test
    void aFailedWriteStopsTheBankWithTheTableAsItWasAndNoAnswer() {
        openFour();
        disk.failing = true;
        for (String line : List.of("open erin 1 127.0.0.1 8609 8610", "exit alice", "report-balance alice 1 1")) {
            BankTable before = bank.table();
            List<Reply> replies = new ArrayList<>();
            DurabilityFailure failure = assertThrows(DurabilityFailure.class,
                    () -> bank.handle(Arrays.asList(line.split(" ")), replies::add), line);
            assertTrue(failure.getMessage().contains("cannot write the bank's"), failure.getMessage());
            assertEquals(List.of(), replies, "no answer: the process stops at the write");
            assertEquals(before, bank.table(), "table unchanged after " + line);
        }
    }

    @Test
    void cohortIdsContinueAfterTheLargestInTheLoadedTable() throws IOException {
        BankTable loaded = BankTable.of(List.of(
                new CustomerRecord("a", Money.ZERO, "127.0.0.1", 8501, 8502, 7, false),
                new CustomerRecord("b", Money.ZERO, "127.0.0.1", 8503, 8504, 7, false),
                CustomerRecord.opened("c", Money.ZERO, "127.0.0.1", 8505, 8506),
                CustomerRecord.opened("d", Money.ZERO, "127.0.0.1", 8507, 8508)));
        store.saveTable(loaded);
        bank = newBank(new Random(1));
        startCohort("new-cohort c 2");
        assertEquals("cohort-formed 8 c@127.0.0.1:8506 d@127.0.0.1:8508", sent.get(0).text());
        assertNotEquals(0, log.size());
    }

    @Test
    void aCohortIdIsNeverIssuedTwiceAcrossRestartsEvenWhenItsCohortIsGone() {
        openFour();
        startCohort("new-cohort alice 2");
        restarted(); // crashed while forming: nothing recorded, so every member is told to leave
        sent.forEach(s -> assertEquals("cohort-deleted 1", s.text()));
        ackAll();
        startCohort("new-cohort bob 2");
        assertTrue(sent.get(0).text().startsWith("cohort-formed 2 "), sent.get(0).text());
    }

    @Test
    void aRestartedBankConfirmsAFormationItHadRecorded() {
        openFour();
        List<Reply> r = startCohort("new-cohort alice 4");
        List<Sent> asked = new ArrayList<>(sent);
        sent.clear();
        asked.forEach(s -> s.onReply().accept(Reply.success("prepared")));
        assertTrue(r.get(0).success());
        restarted(); // before any member heard cohort-confirmed
        assertEquals(4, sent.size());
        sent.forEach(s -> assertEquals("cohort-confirmed 1", s.text()));
        refused("exit alice", "being formed or deleted");
        ackAll();
        assertEquals(4, bank.table().members(1).size());
        assertTrue(bank.state().intents().isEmpty(), "the intent is forgotten once every member confirmed");
    }

    @Test
    void aRestartedBankThawsADeletionThatDidNotRemoveTheCohortAndFinishesOneThatDid() {
        openFour();
        startCohort("new-cohort alice 4");
        ackAll();
        startCohort("delete-cohort alice");
        restarted();
        sent.forEach(s -> assertEquals("cohort-thaw 1", s.text()));
        ackAll();
        assertEquals(4, bank.table().members(1).size());

        List<Reply> r = startCohort("delete-cohort alice");
        drainTwice();
        assertTrue(r.get(0).success());
        restarted();
        assertEquals(4, sent.size());
        sent.forEach(s -> assertEquals("cohort-deleted 1", s.text()));
        ackAll();
        assertTrue(bank.table().cohorts().isEmpty());
    }

    @Test
    void aCohortIsNotDeletedAgainWhileAMemberHasNotHeardTheThawOfTheLastAttempt() {
        openFour();
        startCohort("new-cohort alice 4");
        ackAll();
        startCohort("delete-cohort alice");
        restarted(); // thaws everyone; dave is down and does not answer yet
        List<Sent> thaws = new ArrayList<>(sent);
        sent.clear();
        thaws.stream().filter(s -> s.to().port() != 8507).forEach(s -> s.onReply().accept(Reply.success("ok")));
        refused("delete-cohort alice", "dave is busy: cohort 1 is being formed or deleted; retry");
        thaws.stream().filter(s -> s.to().port() == 8507).forEach(s -> s.onReply().accept(Reply.success("ok")));
        List<Reply> r = startCohort("delete-cohort alice");
        drainTwice();
        assertTrue(r.get(0).success(), r.get(0).line());
    }

    @Test
    void aBalanceReportDelayedAcrossARestartNeverOverwritesANewerOne() {
        openFour();
        ok("report-balance alice 80 5");
        restarted();
        Reply late = ok("report-balance alice 60 4");
        assertTrue(late.text().contains("unchanged"), late.line());
        assertEquals(Money.parse("80"), row("alice").balance());
    }

    @Test
    void aReportThatReachedOnlyTheSidecarIsAppliedAtRestart() throws Exception {
        openFour();
        store.saveState(bank.state().withReport("alice", new BankState.Report(3, Money.parse("42"))));
        restarted();
        assertEquals(Money.parse("42"), row("alice").balance());
        assertEquals(Money.parse("42"), store.load().table().find("alice").orElseThrow().balance(), "written too");
    }
}
