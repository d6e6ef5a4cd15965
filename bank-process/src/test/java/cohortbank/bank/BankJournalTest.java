package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import cohortbank.common.sim.MemoryStorage;
import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.store.Storage;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankNotice;
import cohortbank.common.wire.bank.Drained;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bank's journal: changes of one turn share one append, answers wait for it, and a bank
 * killed at any write (an append torn half-way included) restarts with every acknowledged change.
 */
class BankJournalTest {

    /** A disk that kills the bank at its {@code crashAt}th write, append or delete: before it (an append torn) or after. */
    static final class CrashingDisk implements Storage {
        final MemoryStorage disk = new MemoryStorage();
        int writes;
        int appends;
        int crashAt = Integer.MAX_VALUE;
        boolean after;

        @Override
        public Optional<byte[]> read(String name) {
            return disk.read(name);
        }

        @Override
        public void write(String name, byte[] content) throws IOException {
            step(() -> disk.write(name, content), () -> { });
        }

        @Override
        public void append(String name, byte[] content) throws IOException {
            appends++;
            step(() -> disk.append(name, content), () -> disk.append(name, Arrays.copyOf(content, content.length / 2)));
        }

        @Override
        public void delete(String name) throws IOException {
            step(() -> disk.delete(name), () -> { });
        }

        private interface Io {
            void run() throws IOException;
        }

        private void step(Io write, Io torn) throws IOException {
            if (++writes == crashAt) {
                (after ? write : torn).run();
                throw new Killed();
            }
            write.run();
        }
    }

    static final class Killed extends RuntimeException {
    }

    static final List<String> SCRIPT = List.of(
            "open ann 100 127.0.0.1 8501 8502", "open ben 50 127.0.0.1 8503 8504", "rewrite",
            "open cat 7.5 127.0.0.1 8505 8506", "report-balance ann 90 1", "new-cohort ann 2", "rewrite",
            "exit cat", "report-balance ben 60 1", "delete-cohort ann", "open dan 1 127.0.0.1 8507 8508", "rewrite",
            "open cat 3 127.0.0.1 8509 8510");

    BankStore store(Storage disk) {
        return new BankStore(disk, "data.csv", Path.of("data.csv"));
    }

    /**
     * As {@link #SCRIPT}, with data.csv rewritten in the background: {@code rewrite-start} takes
     * the snapshot and hands its writes to the background, which does them only at
     * {@code rewrite-end}; the requests in between go on and are journaled meanwhile.
     */
    static final List<String> BACKGROUND_SCRIPT = List.of(
            "open ann 100 127.0.0.1 8501 8502", "open ben 50 127.0.0.1 8503 8504", "rewrite-start",
            "open cat 7.5 127.0.0.1 8505 8506", "report-balance ann 90 1", "rewrite-end", "new-cohort ann 2",
            "rewrite-start", "report-balance ben 60 1", "report-balance ann 80 2", "rewrite-end", "delete-cohort ann",
            "rewrite-start", "open dan 1 127.0.0.1 8507 8508", "rewrite-end", "open eve 3 127.0.0.1 8509 8510");

    /** A member's answer: to a freeze, drained with the balance its row holds; to anything else, ok. */
    static Reply answer(Bank bank, cohortbank.common.net.Endpoint to, BankNotice notice) {
        if (notice instanceof BankNotice.CohortNotice n && n.notice() == BankNotice.Notice.FREEZE) {
            CustomerRecord m = bank.table().activeAt(to).orElseThrow();
            return new Drained(m.name(), m.balance(), 1000).reply();
        }
        return Reply.success("ok");
    }

    /** Runs {@link #SCRIPT}, adding to {@code acknowledged} the table after each answered change; a crash ends it. */
    void run(CrashingDisk disk, List<BankTable> acknowledged) throws BankDataException {
        run(SCRIPT, disk, acknowledged);
    }

    /** Runs {@code script}, adding to {@code acknowledged} the table after each answered change; a crash ends it. */
    void run(List<String> script, CrashingDisk disk, List<BankTable> acknowledged) throws BankDataException {
        TurnScheduler loop = new TurnScheduler();
        HeldBackground background = new HeldBackground();
        Bank[] self = new Bank[1];
        Bank bank = new Bank(store(disk).load(), store(disk), (to, body, within, onReply, onNoAnswer) -> onReply.accept(
                answer(self[0], to, body)), new Random(3), loop, background, BankConfig.DEFAULTS, line -> { });
        self[0] = bank;
        try {
            for (String line : script) {
                if (line.equals("rewrite") || line.equals("rewrite-start")) {
                    loop.runDelayed();
                    if (line.equals("rewrite")) {
                        background.drain();
                    }
                    continue;
                }
                if (line.equals("rewrite-end")) {
                    background.drain();
                    continue;
                }
                bank.handle(List.of(line.split(" ")), reply -> {
                    assertTrue(reply.success(), line + " -> " + reply);
                    acknowledged.add(bank.table());
                });
            }
        } catch (Killed killed) {
            // the bank died at the armed write: the answers it gave are in the list
        } catch (DurabilityFailure stopped) {
            if (!(stopped.getCause() instanceof Killed)) {
                throw stopped;
            }
            // the armed write was the background rewrite's: any failure of it stops the bank too
        }
    }

    /** Holds the bank's background tasks until the test (or the bank, at quit) drains them. */
    static final class HeldBackground implements Background {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        @Override
        public void drain() {
            while (!tasks.isEmpty()) {
                tasks.remove(0).run();
            }
        }
    }

    @Test
    void aBankKilledAtAnyWriteRestartsWithEveryAcknowledgedChangeAndNothingElse() throws Exception {
        killedAtEveryWrite(SCRIPT);
    }

    @Test
    void aBankKilledAtAnyWriteOfABackgroundRewriteOrOfWhatCameMeanwhileLosesNothing() throws Exception {
        killedAtEveryWrite(BACKGROUND_SCRIPT);
    }

    @Test
    void aRewriteWrittenInTheBackgroundLeavesOnlyTheLaterRecordsInTheJournal() throws Exception {
        CrashingDisk disk = new CrashingDisk();
        List<BankTable> acknowledged = new ArrayList<>();
        run(BACKGROUND_SCRIPT.subList(0, 6), disk, acknowledged);
        String journal = new String(disk.disk.read("data.csv.journal").orElseThrow(), StandardCharsets.UTF_8);
        assertEquals(3, journal.lines().count(),
                "the records after the snapshot stay (cat opened; ann's report, sidecar then row): " + journal);
        assertTrue(journal.contains("cat") && journal.contains("report ann"), journal);
        BankTable onDisk = new CsvBankStore(Path.of("data.csv")).parse(disk.disk.read("data.csv").orElseThrow());
        assertEquals(2, onDisk.size(), "data.csv holds the snapshot: ann and ben");
        assertEquals(acknowledged.get(acknowledged.size() - 1), store(disk.disk).read().table(),
                "data.csv plus the journal hold every acknowledged change");
    }

    @Test
    void aQuitWhileARewriteIsOnItsWayWritesEverythingAndEmptiesTheJournal() throws Exception {
        MemoryStorage disk = new MemoryStorage();
        TurnScheduler loop = new TurnScheduler();
        HeldBackground background = new HeldBackground();
        Bank bank = new Bank(store(disk).load(), store(disk), (to, body, within, onReply, onNoAnswer) -> { }, new Random(1),
                loop, background, BankConfig.DEFAULTS, line -> { });
        bank.handle(List.of("open", "ann", "10", "127.0.0.1", "8501", "8502"), reply -> { });
        loop.runDelayed(); // the snapshot (ann) goes to the background, which has not written it yet
        loop.holdTurns(); // when it has, the loop hears so only at the end of the turn
        bank.handle(List.of("open", "ben", "20", "127.0.0.1", "8503", "8504"), reply -> { });
        bank.rewriteFiles(); // quit: waits for the snapshot's writes, then writes everything
        loop.endTurn(); // now it hears: too late to touch the journal
        assertTrue(disk.read("data.csv.journal").isEmpty(), "the journal is empty after quit");
        assertEquals(bank.table(), store(disk).read().table());
        assertEquals(2, bank.table().size());
    }

    private void killedAtEveryWrite(List<String> script) throws Exception {
        CrashingDisk whole = new CrashingDisk();
        List<BankTable> all = new ArrayList<>(List.of(BankTable.empty()));
        run(script, whole, all);
        long steps = script.stream().filter(l -> l.startsWith("rewrite")).count();
        assertEquals(script.size() - steps + 1, all.size(), "every request answered");
        assertTrue(whole.writes > 20, "the script writes often: " + whole.writes);
        for (boolean after : new boolean[] {false, true}) {
            for (int crashAt = 1; crashAt <= whole.writes; crashAt++) {
                CrashingDisk disk = new CrashingDisk();
                disk.crashAt = crashAt;
                disk.after = after;
                List<BankTable> acknowledged = new ArrayList<>(List.of(BankTable.empty()));
                run(script, disk, acknowledged);
                String where = (after ? "after" : "before (torn)") + " write " + crashAt;
                assertEquals(all.subList(0, acknowledged.size()), acknowledged, where + ": the same run up to the crash");
                BankTable restarted = store(disk.disk).load().table();
                int known = acknowledged.size() - 1;
                BankTable next = all.get(Math.min(known + 1, all.size() - 1));
                assertTrue(restarted.equals(all.get(known)) || restarted.equals(next),
                        where + ": the restart holds the last acknowledged table or the change then being written, not "
                                + restarted);
                assertEquals(restarted, store(disk.disk).load().table(), where + ": a second start reads the same");
            }
        }
    }

    @Test
    void changesOfOneTurnShareOneAppendAndTheirAnswersWaitForIt() throws Exception {
        CrashingDisk disk = new CrashingDisk();
        TurnScheduler loop = new TurnScheduler();
        Bank bank = new Bank(store(disk).load(), store(disk), (to, body, within, onReply, onNoAnswer) -> { }, new Random(1),
                loop, line -> { });
        List<String> answers = new ArrayList<>();
        loop.holdTurns();
        int port = 8501;
        for (String name : List.of("ann", "ben", "cat")) {
            port += 2;
            bank.handle(List.of("open", name, "10", "127.0.0.1", String.valueOf(port), String.valueOf(port + 1)),
                    reply -> answers.add(reply.line()));
            bank.handle(List.of("report-balance", name, "12", "1"), reply -> answers.add(reply.line()));
        }
        assertEquals(List.of(), answers, "no answer before the turn's changes are durable");
        assertEquals(0, disk.appends, "nothing written yet");
        assertEquals(0, store(disk.disk).read().table().size());
        loop.endTurn();
        assertEquals(1, disk.appends, "one append (one fsync) for the whole turn");
        assertEquals(6, answers.size(), "every answer leaves once it is durable: " + answers);
        assertTrue(answers.stream().allMatch(a -> a.startsWith("SUCCESS")), answers.toString());
        assertEquals(3, store(disk.disk).read().table().size());
        assertEquals(Money.parse("36"), store(disk.disk).read().table().activeTotal());
    }

    @Test
    void aTornLastRecordIsIgnoredAndABadOneBeforeGoodOnesIsAnError() throws Exception {
        MemoryStorage disk = new MemoryStorage();
        CustomerRecord ann = CustomerRecord.opened("ann", Money.parse("1"), "127.0.0.1", 8501, 8502);
        CustomerRecord ben = CustomerRecord.opened("ben", Money.parse("2"), "127.0.0.1", 8503, 8504);
        byte[] first = BankJournal.record(List.of(BankJournal.customer(ann)));
        byte[] second = BankJournal.record(List.of(BankJournal.customer(ben), "report ben 1 2.00"));
        disk.append("data.csv.journal", first);
        disk.append("data.csv.journal", Arrays.copyOf(second, second.length - 3));
        assertEquals(List.of(ann), store(disk).read().table().customers(), "the torn record is ignored");

        MemoryStorage flipped = new MemoryStorage();
        byte[] bad = second.clone();
        bad[12] ^= 1;
        flipped.append("data.csv.journal", first);
        flipped.append("data.csv.journal", bad);
        assertEquals(List.of(ann), store(flipped).read().table().customers(), "a bad last record is torn too");
        flipped.append("data.csv.journal", BankJournal.record(List.of("last-cohort-id 3")));
        BankDataException e = assertThrows(BankDataException.class, () -> store(flipped).read());
        assertTrue(e.getMessage().contains("data.csv.journal line 2"), e.getMessage());

        BankStore.Contents loaded = store(disk).load();
        assertEquals(List.of(ann), loaded.table().customers());
        assertTrue(disk.read("data.csv.journal").isEmpty(), "load rewrites data.csv and empties the journal");
        assertEquals("name,balance,ip_address,port1,port2,cohort,exit_state\nann,1.00,127.0.0.1,8501,8502,,active\n",
                new String(disk.read("data.csv").orElseThrow(), StandardCharsets.UTF_8));
    }
}
