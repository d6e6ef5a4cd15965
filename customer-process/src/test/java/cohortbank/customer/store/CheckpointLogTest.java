package cohortbank.customer.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import cohortbank.common.sim.MemoryStorage;
import cohortbank.customer.account.Account;
import cohortbank.customer.sim.CrashableStorage;
import cohortbank.customer.sim.SimulatedCrash;
import cohortbank.customer.wire.Decision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checkpoint log ({@code checkpoints}): every step reads back exactly, in the same store and
 * in a fresh one; a torn last record reads as the state before it; a crash at any write leaves
 * the permanent checkpoint before or after that step, never none; a long history is written
 * once; the files of the older format are read and moved into the log.
 */
class CheckpointLogTest {

    // ------------------------------------------------------------------ records

    @Test
    void everyPrefixOfALogReadsAsTheIntactRecordsBeforeTheCut() {
        List<LogRecord> records = List.of(new LogRecord("commit", List.of("instance a:1", "decision commit")),
                new LogRecord("checkpoint", List.of("role tentative", "", "ünïcode €")),
                new LogRecord("decisions", List.of()));
        byte[] log = LogRecord.encodeAll(records);
        List<Integer> ends = new ArrayList<>();
        int end = 0;
        for (LogRecord r : records) {
            end += r.encode().length;
            ends.add(end);
        }
        for (int cut = 0; cut <= log.length; cut++) {
            LogRecord.Decoded decoded = LogRecord.decodeAll(Arrays.copyOf(log, cut));
            int whole = 0;
            while (whole < ends.size() && ends.get(whole) <= cut) {
                whole++;
            }
            assertEquals(records.subList(0, whole), decoded.records(), "cut at byte " + cut);
            assertEquals(cut != 0 && !ends.contains(cut), decoded.tornTail(), "cut at byte " + cut);
        }
    }

    @Test
    void aRecordWithAFlippedByteEndsTheLogThere() {
        LogRecord first = new LogRecord("discard", List.of("instance a:2"));
        byte[] log = LogRecord.encodeAll(List.of(first, new LogRecord("discard", List.of("instance a:3"))));
        log[log.length - 20] ^= 1;
        LogRecord.Decoded decoded = LogRecord.decodeAll(log);
        assertEquals(List.of(first), decoded.records());
        assertTrue(decoded.tornTail());
        assertFalse(decoded.intactAfterBadBytes(), "nothing intact follows: a torn end");
    }

    @Test
    void aFlippedByteWithIntactRecordsAfterItIsDamageNotATornEnd() {
        byte[] log = LogRecord.encodeAll(List.of(new LogRecord("discard", List.of("instance a:2")),
                new LogRecord("discard", List.of("instance a:3")), new LogRecord("discard", List.of("instance a:4"))));
        log[30] ^= 1;
        LogRecord.Decoded decoded = LogRecord.decodeAll(log);
        assertEquals(List.of(), decoded.records());
        assertTrue(decoded.tornTail());
        assertTrue(decoded.intactAfterBadBytes());
    }

    /**
     * Damage in the middle of the log (which no crash leaves) is never read as a torn end: the
     * records after it may hold the latest checkpoint and label lease, and reading only what
     * precedes it would resume the account from an older state than its peers know.
     */
    @Test
    void aLogDamagedInTheMiddleGivesNothingBackAndIsNeverWrittenOver() throws IOException {
        CrashableStorage disk = new CrashableStorage("alice");
        CustomerStore store = new CustomerStore(disk, w -> { });
        NodeMeta meta = new NodeMeta();
        meta.owner = "alice";
        store.saveMeta(meta);
        Checkpoint t = new Checkpoint("alice:1", "-", 1, new Account(Money.ofCents(1)));
        store.saveTentative(t);
        store.commitTentative(t, Decision.COMMIT);
        byte[] log = disk.read(CheckpointLog.FILE).orElseThrow();
        log[30] ^= 1;
        disk.write(CheckpointLog.FILE, log);

        List<String> warnings = new ArrayList<>();
        CustomerStore reread = new CustomerStore(disk, warnings::add);
        assertTrue(reread.loadMeta().isEmpty());
        assertTrue(reread.loadPermanent().isEmpty());
        assertTrue(reread.holdsState());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("damaged")), warnings.toString());
        assertThrows(IllegalStateException.class, () -> reread.saveMeta(meta));
        assertArrayEquals(log, disk.read(CheckpointLog.FILE).orElseThrow(), "the damaged log is kept as it is");
    }

    // ------------------------------------------------------------------ steps read back

    /**
     * What the log should hold: the permanent and tentative checkpoints and the meta, by their
     * lines (the meta's decisions apart: the store adds to them those its checkpoint records carry).
     */
    private record Expected(Optional<List<String>> permanent, Optional<List<String>> tentative,
            Optional<List<String>> meta, java.util.Map<String, Decision> decisions) {
        static Expected of(Checkpoint permanent, Checkpoint tentative) {
            return of(permanent, tentative, null);
        }

        static Expected of(Checkpoint permanent, Checkpoint tentative, NodeMeta meta) {
            return new Expected(Optional.ofNullable(permanent).map(Checkpoint::toLines),
                    Optional.ofNullable(tentative).map(Checkpoint::toLines),
                    Optional.ofNullable(meta).map(Expected::withoutDecisions),
                    meta == null ? java.util.Map.of() : java.util.Map.copyOf(meta.decisions));
        }

        private static List<String> withoutDecisions(NodeMeta meta) {
            return meta.toLines().stream().filter(line -> !line.startsWith("decision ")).toList();
        }

        void assertHeldBy(CustomerStore store, String what) {
            assertEquals(permanent, store.loadPermanent().map(Checkpoint::toLines), what + ": permanent");
            assertEquals(tentative, store.loadTentative().map(Checkpoint::toLines), what + ": tentative");
            Optional<NodeMeta> loaded = store.loadMeta();
            assertEquals(meta, loaded.map(Expected::withoutDecisions), what + ": meta");
            decisions.forEach((instance, d) -> assertEquals(d, loaded.orElseThrow().decisions.get(instance),
                    what + ": decision of " + instance));
        }
    }

    /**
     * A customer's checkpoint steps as the node takes them, on a history that grows, is rolled
     * back and grows again; the store is written with {@code minRewriteBytes} so that small
     * values rewrite the log often.
     */
    private static final class Script {
        final Random random;
        final String owner = "alice";
        Account live = new Account(Money.ofCents(1_000_000));
        Checkpoint permanent;
        Checkpoint tentative;
        /** The meta as the node holds it; null until first saved. */
        NodeMeta meta;
        int sequence;

        Script(long seed) {
            this.random = new Random(seed);
        }

        /** One step on {@code store}; returns what it did. The model changes first: a crash in the store's write leaves it as after the step. */
        String step(CustomerStore store) {
            moveMoney();
            if (random.nextInt(3) == 0) {
                return metaStep(store);
            }
            int choice = random.nextInt(7);
            if (choice <= 1 || (tentative == null && choice <= 4)) {
                tentative = new Checkpoint(owner + ":" + ++sequence, random.nextBoolean() ? "-" : "bob",
                        sequence * 10L, live.copy());
                store.saveTentative(tentative);
                return "tentative " + tentative.instance();
            }
            if (choice <= 3) {
                Decision d = random.nextBoolean() ? Decision.COMMIT : null;
                Checkpoint t = tentative;
                permanent = new Checkpoint(t.instance(), "-", t.ckptLabel(), t.account());
                tentative = null;
                store.commitTentative(t, d);
                return "commit" + (d == null ? "" : " with decision");
            }
            if (choice == 4) {
                String instance = tentative.instance();
                tentative = null;
                store.discardTentative(instance, random.nextBoolean() ? Decision.ABORT : null);
                return "discard";
            }
            if (choice == 5 && permanent != null) {
                live = permanent.account().copy(); // a rollback: the history goes back, then grows apart
                return "rollback";
            }
            permanent = new Checkpoint(owner + ":" + ++sequence, "-", sequence * 10L, live.copy());
            store.savePermanent(permanent);
            return "permanent " + permanent.instance();
        }

        /**
         * One durable write of the meta, as a rollback (a promise, perhaps reserving an epoch;
         * the dead labels of a commit; an initiator's decision with its epoch), a restart, or
         * a label lease makes it.
         */
        private String metaStep(CustomerStore store) {
            String what;
            if (meta == null) {
                meta = new NodeMeta();
                meta.owner = owner;
                what = "first meta";
            } else {
                int choice = random.nextInt(5);
                if (choice == 0 || (choice == 1 && meta.pending.isEmpty())) {
                    String instance = (random.nextBoolean() ? "bob:" : "carol:") + random.nextInt(1000);
                    meta.pending.add(new NodeMeta.PendingRollback(instance, instance.split(":")[0], sequence * 10L,
                            sequence * 10L + 1 + random.nextInt(50)));
                    if (random.nextBoolean()) {
                        meta.epoch++;
                    }
                    what = "promise " + instance;
                } else if (choice == 1) {
                    NodeMeta.PendingRollback p = meta.pending.remove(0);
                    if (random.nextBoolean()) {
                        meta.addDead(p.sender(), p.ckptLabel(), p.maxLabel());
                    }
                    what = "resolve " + p.instance();
                } else if (choice == 2) {
                    meta.epoch++;
                    meta.recordDecision(owner + ":" + ++sequence, random.nextBoolean() ? Decision.COMMIT : Decision.ABORT);
                    what = "decision " + owner + ":" + sequence;
                } else if (choice == 3) {
                    meta.epoch++;
                    what = "restart";
                } else {
                    while (!meta.takeLabel()) {
                        // the labels inside the lease need no write
                    }
                    what = "label lease";
                }
            }
            store.saveMeta(meta);
            return what;
        }

        private void moveMoney() {
            for (int i = random.nextInt(6); i > 0; i--) {
                switch (random.nextInt(4)) {
                    case 0 -> live.deposit(Money.ofCents(1 + random.nextInt(500)));
                    case 1 -> live.withdraw(Money.ofCents(1 + random.nextInt(100)));
                    case 2 -> live.send("bob", Money.ofCents(1 + random.nextInt(100)), 1000L + sequence * 100 + i,
                            random.nextInt(5) == 0);
                    default -> live.receive("carol", Money.ofCents(1 + random.nextInt(100)), 1000L + sequence * 100 + i);
                }
            }
        }

        Expected expected() {
            return Expected.of(permanent, tentative, meta);
        }
    }

    private static CustomerStore store(cohortbank.common.store.Storage disk, long minRewriteBytes) {
        return new CustomerStore(disk, w -> {
            throw new AssertionError("unexpected warning: " + w);
        }, minRewriteBytes);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyStepReadsBackExactlyInTheSameStoreAndAFreshOne(long seed) {
        MemoryStorage disk = new MemoryStorage();
        long minRewrite = seed % 2 == 0 ? 1 : CheckpointLog.MIN_REWRITE_BYTES; // even seeds rewrite at every write
        CustomerStore store = store(disk, minRewrite);
        Script script = new Script(seed);
        for (int i = 0; i < 200; i++) {
            String what = "seed " + seed + ", step " + i + " (" + script.step(store) + ")";
            script.expected().assertHeldBy(store, what);
            script.expected().assertHeldBy(store(disk, minRewrite), what + ", read afresh");
        }
    }

    @Test
    void anInitiatorsDecisionIsReadBackWithTheMetaAlsoAfterARewrite() {
        MemoryStorage disk = new MemoryStorage();
        CustomerStore store = store(disk, 1);
        store.saveMeta(new NodeMeta());
        Checkpoint t = new Checkpoint("alice:4", "-", 3, new Account(Money.ofCents(100)));
        store.saveTentative(t);
        store.commitTentative(t, Decision.COMMIT);
        store.saveTentative(new Checkpoint("alice:5", "-", 3, new Account(Money.ofCents(100))));
        store.discardTentative("alice:5", Decision.ABORT);

        NodeMeta meta = store(disk, 1).loadMeta().orElseThrow();
        assertEquals(Decision.COMMIT, meta.decisions.get("alice:4"));
        assertEquals(Decision.ABORT, meta.decisions.get("alice:5"));
    }

    // ------------------------------------------------------------------ crashes

    /**
     * A crash just before or just after each write of a script (a write cut short leaves a torn
     * record) leaves on disk the state before that step or after it; a fresh store then reads it,
     * writes on (rewriting the log past a torn tail) and reads its own steps back.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    void aCrashAtAnyWriteLeavesTheStateBeforeOrAfterThatStep(long seed) {
        for (int crashAt = 1; crashAt <= 40; crashAt++) {
            for (CrashableStorage.When when : List.of(CrashableStorage.When.BEFORE, CrashableStorage.When.AFTER)) {
                CrashableStorage disk = new CrashableStorage("alice");
                long minRewrite = seed % 2 == 0 ? 1500 : CheckpointLog.MIN_REWRITE_BYTES;
                Script script = new Script(seed);
                disk.crashAtWrite(crashAt, when);
                CustomerStore store = new CustomerStore(disk, w -> { }, minRewrite);
                String what = "seed " + seed + ", crash " + when + " write " + crashAt;
                Expected before = script.expected();
                boolean crashed = false;
                for (int i = 0; i < 60 && !crashed; i++) {
                    before = script.expected();
                    try {
                        script.step(store);
                    } catch (SimulatedCrash crash) {
                        crashed = true;
                    }
                }
                assertTrue(crashed, what + ": the script should reach that write");
                disk.disarm();
                (when == CrashableStorage.When.BEFORE ? before : script.expected())
                        .assertHeldBy(new CustomerStore(disk, w -> { }, minRewrite), what);

                CustomerStore after = new CustomerStore(disk, w -> { }, minRewrite);
                Script resumed = new Script(seed + 100);
                resumed.sequence = 1000;
                resumed.permanent = after.loadPermanent().orElse(null);
                resumed.tentative = after.loadTentative().orElse(null);
                resumed.meta = after.loadMeta().orElse(null);
                resumed.live = resumed.permanent == null ? resumed.live : resumed.permanent.account().copy();
                for (int i = 0; i < 10; i++) {
                    String step = resumed.step(after);
                    resumed.expected().assertHeldBy(store(disk, minRewrite), what + ", then " + step);
                }
            }
        }
    }

    // ------------------------------------------------------------------ cost

    /**
     * The bytes that a checkpoint (tentative, then commit) adds to the log after {@code history}
     * transfers and 10 more (the log is far from a rewrite: all of them are appended).
     */
    private static long bytesOfACheckpointAfter(int history) {
        MemoryStorage disk = new MemoryStorage();
        CustomerStore store = store(disk, CheckpointLog.MIN_REWRITE_BYTES);
        Account live = new Account(Money.ofCents(1));
        for (int i = 1; i <= history; i++) {
            live.receive("bob", Money.ofCents(1), i);
        }
        Checkpoint first = new Checkpoint("alice:1", "-", 1, live.copy());
        store.saveTentative(first);
        store.commitTentative(first, Decision.COMMIT);
        for (int i = 1; i <= 10; i++) {
            live.receive("bob", Money.ofCents(1), history + i);
        }
        long before = disk.read(CheckpointLog.FILE).orElseThrow().length;
        Checkpoint second = new Checkpoint("alice:2", "-", 2, live.copy());
        store.saveTentative(second);
        store.commitTentative(second, Decision.COMMIT);
        assertEquals(history + 10, store(disk, CheckpointLog.MIN_REWRITE_BYTES).loadPermanent().orElseThrow()
                .account().history().size());
        return disk.read(CheckpointLog.FILE).orElseThrow().length - before;
    }

    @Test
    void aCheckpointAfterTenThousandTransfersWritesWhatOneAfterTenWrites() {
        long afterTen = bytesOfACheckpointAfter(10);
        long afterTenThousand = bytesOfACheckpointAfter(10_000);
        assertTrue(afterTenThousand <= afterTen * 3 / 2,
                "after 10,000: " + afterTenThousand + " bytes, after 10: " + afterTen + " bytes");
        assertTrue(afterTen < 2000, afterTen + " bytes for ten history entries and a commit");
    }

    // ------------------------------------------------------------------ the older format

    @Test
    void theFilesOfTheOlderFormatAreReadAndMovedIntoTheLogAtTheFirstWrite() throws IOException {
        MemoryStorage disk = new MemoryStorage();
        Account account = new Account(Money.ofCents(500));
        account.receive("bob", Money.ofCents(20), 7);
        Checkpoint permanent = new Checkpoint("alice:3", "-", 9, account.copy());
        account.deposit(Money.ofCents(5));
        Checkpoint tentative = new Checkpoint("bob:8", "bob", 9, account.copy());
        disk.write("permanent", StateFile.encode("permanent", permanent.toLines()));
        disk.write("tentative", StateFile.encode("tentative", tentative.toLines()));

        CustomerStore store = store(disk, CheckpointLog.MIN_REWRITE_BYTES);
        Expected.of(permanent, tentative).assertHeldBy(store, "older files");
        store.commitTentative(tentative, null);

        Checkpoint committed = new Checkpoint("bob:8", "-", 9, tentative.account());
        Expected.of(committed, null).assertHeldBy(store(disk, CheckpointLog.MIN_REWRITE_BYTES), "moved into the log");
        assertFalse(disk.read("permanent").isPresent(), "the older file is gone once the log holds it");
        assertFalse(disk.read("tentative").isPresent());
    }

    @Test
    void theMetaFileOfTheOlderFormatIsReadAndMovedIntoTheLogAtItsFirstSave() throws IOException {
        MemoryStorage disk = new MemoryStorage();
        NodeMeta old = new NodeMeta();
        old.owner = "alice";
        old.epoch = 4;
        old.pending.add(new NodeMeta.PendingRollback("bob:3", "bob", 5, 9));
        disk.write("meta", StateFile.encode("meta", old.toLines()));
        Checkpoint permanent = new Checkpoint("alice:1", "-", 1, new Account(Money.ofCents(100)));
        store(disk, CheckpointLog.MIN_REWRITE_BYTES).savePermanent(permanent); // a log, with no meta record yet

        CustomerStore store = store(disk, CheckpointLog.MIN_REWRITE_BYTES);
        NodeMeta meta = store.loadMeta().orElseThrow();
        assertEquals(old.toLines(), meta.toLines(), "read from the older file");
        meta.pending.clear();
        meta.addDead("bob", 5, 9);
        store.saveMeta(meta);

        assertFalse(disk.read("meta").isPresent(), "the older file is gone once the log holds the meta");
        assertEquals(meta.toLines(), store(disk, CheckpointLog.MIN_REWRITE_BYTES).loadMeta().orElseThrow().toLines());
    }

    /**
     * Every save of the meta, which is what each step of a rollback writes (a promise, the dead
     * labels of a commit, an initiator's decision), is one append to the log (one fsync), not a
     * replaced file (two); a torn one leaves the meta before it.
     */
    @Test
    void aSaveOfTheMetaIsOneAppendAndATornOneLeavesTheMetaBeforeIt() {
        CrashableStorage disk = new CrashableStorage("alice");
        CustomerStore store = new CustomerStore(disk, w -> { });
        NodeMeta meta = new NodeMeta();
        meta.owner = "alice";
        store.saveMeta(meta);
        meta.pending.add(new NodeMeta.PendingRollback("bob:7", "bob", 3, 8));
        meta.epoch++;
        List<String> promised = meta.toLines();
        long before = disk.version();
        long bytesBefore = disk.read(CheckpointLog.FILE).orElseThrow().length;
        store.saveMeta(meta);
        assertEquals(before + 1, disk.version(), "one change of the disk");
        byte[] log = disk.read(CheckpointLog.FILE).orElseThrow();
        assertEquals(bytesBefore + new LogRecord("meta", promised).encode().length, log.length, "appended, not rewritten");

        meta.pending.clear();
        meta.addDead("bob", 3, 8);
        disk.crashAt(CheckpointLog.FILE, "dead bob", CrashableStorage.When.BEFORE);
        assertThrows(SimulatedCrash.class, () -> store.saveMeta(meta));
        List<String> warnings = new ArrayList<>();
        assertEquals(promised, new CustomerStore(disk, warnings::add).loadMeta().orElseThrow().toLines(),
                "the torn record is ignored: the promise stands");
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void aStoreWhoseWriteFailedRefusesToWriteOnFromMemory() {
        CrashableStorage disk = new CrashableStorage("alice");
        CustomerStore store = new CustomerStore(disk, w -> { });
        Checkpoint t = new Checkpoint("alice:1", "-", 1, new Account(Money.ofCents(1)));
        disk.crashAtWrite(1, CrashableStorage.When.FAIL);
        assertThrows(cohortbank.common.store.DurabilityFailure.class, () -> store.saveTentative(t));
        assertTrue(disk.takeFailure());
        assertThrows(IllegalStateException.class, () -> store.commitTentative(t, null));
    }

    @Test
    void aTornLastRecordIsReportedAndTheStateBeforeItRead() {
        CrashableStorage disk = new CrashableStorage("alice");
        CustomerStore store = new CustomerStore(disk, w -> { });
        Checkpoint t = new Checkpoint("alice:1", "-", 1, new Account(Money.ofCents(1)));
        store.saveTentative(t);
        disk.crashAt(CheckpointLog.FILE, "v1 commit", CrashableStorage.When.BEFORE);
        assertThrows(SimulatedCrash.class, () -> store.commitTentative(t, Decision.COMMIT));

        List<String> warnings = new ArrayList<>();
        CustomerStore reread = new CustomerStore(disk, warnings::add);
        Expected.of(null, t).assertHeldBy(reread, "torn commit");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("torn"), warnings.get(0));
    }
}
