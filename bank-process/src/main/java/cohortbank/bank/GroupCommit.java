package cohortbank.bank;

import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.time.Cancellable;
import cohortbank.common.time.Scheduler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Makes the bank's changes durable in groups, and holds back whatever the bank says until the
 * changes before it are durable.
 *
 * <p>Each change is a journal record ({@link #record}); the first one of a turn of the event loop
 * queues a flush behind the events already waiting, so every change those events make goes to
 * disk in the same append and fsync. Until that flush, every output ({@link #afterDurable}:
 * answers, notices to customers) waits, in order; so a SUCCESS never leaves before its change
 * is on disk, and nothing leaves at all when the write fails. A failed write is a
 * {@link DurabilityFailure}: the bank stops (fail-stop), as if killed at that write, and its
 * memory goes back to what is durable (so nothing it still shows ran ahead of the disk).
 *
 * <p>After a flush, data.csv and its sidecar are rewritten within the rewrite delay
 * ({@link BankConfig#rewriteDelayMillis}) plus the time one rewrite takes, so the journal stays
 * short. A rewrite costs as much as the table is long (a second at a million rows), so it runs
 * off the event loop, on the
 * {@code background} executor, from a snapshot: the table and state are immutable values, so
 * the snapshot is the contents as they are at that moment, with the journal holding exactly
 * what it covers. Requests go on meanwhile; their records are appended to the journal and also
 * kept in memory. Once data.csv and the sidecar are durable, back on the event loop, the journal
 * is replaced by just those later records. A crash at any point leaves data.csv and the
 * sidecar, each old or new, and a journal that holds everything since the old ones: replaying
 * it over either gives the same contents, since every record sets a fact ({@link BankJournal}).
 * At quit {@link #rewriteNow} waits for a rewrite in flight, then rewrites once more on the
 * event loop and empties the journal.
 *
 * <p>Not thread-safe: the owner's event loop only, except the one task it gives {@code background}.
 */
final class GroupCommit {

    private final BankStore store;
    private final Scheduler scheduler;
    private final Supplier<BankStore.Contents> current;
    private final Consumer<BankStore.Contents> restore;
    /** The table and state as the disk holds them (tables are values, so this copies nothing). */
    private BankStore.Contents durable;
    private final Consumer<String> log;
    /** The records of the turn, not yet written. */
    private final List<byte[]> pending = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private boolean flushQueued;
    private Cancellable rewriteTimer;
    /** Runs the writes of data.csv and the sidecar off the event loop. */
    private final Background background;
    /** How long data.csv may lag behind the journal ({@link BankConfig#rewriteDelayMillis}). */
    private final long rewriteDelayMillis;
    /** Whether a rewrite's writes were handed to {@link #background} and the loop has not yet heard they are done. */
    private boolean rewriting;
    /** Records appended since the snapshot of the rewrite in flight: the journal it leaves. */
    private final List<byte[]> sinceSnapshot = new ArrayList<>();
    /** Numbers the rewrites, so that one overtaken by {@link #rewriteNow} leaves the journal alone. */
    private long rewrites;

    /**
     * @param background runs a rewrite's writes of data.csv and the sidecar: a thread of its own
     *                   in the bank process; the event loop itself in simulations and tests
     * @param rewriteDelayMillis how long after a flush data.csv and the sidecar are rewritten
     * @param current    the bank's table and sidecar state in memory, which a rewrite makes durable
     * @param restore    sets the bank's memory back to the durable contents after a failed write
     * @param log        receives a line when a write fails
     */
    GroupCommit(BankStore store, Scheduler scheduler, Background background, long rewriteDelayMillis,
                Supplier<BankStore.Contents> current, Consumer<BankStore.Contents> restore, Consumer<String> log) {
        this.store = store;
        this.scheduler = scheduler;
        this.background = background;
        this.rewriteDelayMillis = rewriteDelayMillis;
        this.current = current;
        this.restore = restore;
        this.log = log;
        this.durable = current.get();
    }

    /** Adds one record of {@code changes} (durable together or not at all) to the next flush. */
    void record(List<String> changes) {
        pending.add(BankJournal.record(changes));
        if (!flushQueued) {
            flushQueued = true;
            scheduler.execute(this::flush);
        }
    }

    /** Runs {@code output} now if every change is durable, else right after the flush that makes it so. */
    void afterDurable(Runnable output) {
        if (flushQueued) {
            held.add(output);
        } else {
            output.run();
        }
    }

    /** Appends every pending record with one fsync, then lets the held outputs go, in order. */
    void flush() {
        if (!flushQueued) {
            return;
        }
        byte[] records = concatenated(pending);
        pending.clear();
        flushQueued = false;
        List<Runnable> outputs = List.copyOf(held);
        held.clear();
        try {
            durably(() -> store.append(records), "journal");
        } catch (DurabilityFailure failure) {
            restore.accept(durable); // the held outputs are dropped: nobody hears of what is not durable
            throw failure;
        }
        durable = current.get();
        if (rewriting) {
            sinceSnapshot.add(records);
        } else if (rewriteTimer == null) {
            rewriteTimer = scheduler.schedule(rewriteDelayMillis, this::startRewrite);
        }
        outputs.forEach(Runnable::run);
    }

    /** Takes a snapshot (after flushing, so the journal covers exactly it) and has it written in the background. */
    private void startRewrite() {
        rewriteTimer = null;
        if (rewriting) {
            return;
        }
        flush();
        BankStore.Contents snapshot = current.get();
        long number = ++rewrites;
        rewriting = true;
        // Any failure of the rewrite, not only an I/O error, stops the bank on its event loop
        // (DESIGN §8): a rewrite that died quietly would leave `rewriting` set for good, so
        // data.csv would never be rewritten again and the journal would grow without end.
        try {
            background.execute(() -> {
                DurabilityFailure failure = write(snapshot);
                if (failure == null) {
                    scheduler.execute(() -> rewritten(number));
                } else {
                    scheduler.execute(() -> {
                        log.accept(failure.getMessage() + "; stopping");
                        throw failure;
                    });
                }
            });
        } catch (DurabilityFailure failure) {
            throw failure; // a background that runs the task here, on the loop
        } catch (RuntimeException e) {
            log.accept("could not start the rewrite of the bank's data file: " + e + "; stopping");
            throw new DurabilityFailure("could not start the rewrite of the bank's data file", e);
        }
    }

    /** Writes data.csv and the sidecar from {@code snapshot}; returns how that failed, or null when it did not. */
    private DurabilityFailure write(BankStore.Contents snapshot) {
        try {
            store.saveTable(snapshot.table());
            store.saveState(snapshot.state());
            return null;
        } catch (IOException e) {
            return new DurabilityFailure("cannot write the bank's data file", e);
        } catch (RuntimeException | Error e) {
            return new DurabilityFailure("the rewrite of the bank's data file failed", e);
        }
    }

    /**
     * The snapshot of rewrite {@code number} is durable: the journal keeps only what came after
     * it (a small atomic replacement), and a rewrite of that is due in turn.
     */
    private void rewritten(long number) {
        if (number != rewrites) {
            return; // rewriteNow wrote everything since, and emptied the journal
        }
        rewriting = false;
        byte[] rest = concatenated(sinceSnapshot);
        sinceSnapshot.clear();
        durably(() -> store.keepJournal(rest), "journal");
        if (rest.length > 0 && rewriteTimer == null) {
            rewriteTimer = scheduler.schedule(rewriteDelayMillis, this::startRewrite);
        }
    }

    /**
     * Flushes, waits for a rewrite in flight, then rewrites data.csv and the sidecar from memory
     * and empties the journal, all before it returns (at quit).
     */
    void rewriteNow() {
        flush();
        if (rewriteTimer != null) {
            rewriteTimer.cancel();
            rewriteTimer = null;
        }
        if (rewriting) {
            // Its older snapshot must not land after the rewrite below.
            background.drain();
            rewriting = false;
            sinceSnapshot.clear();
            rewrites++; // its callback, still queued, must leave the journal alone
        }
        BankStore.Contents now = current.get();
        durably(() -> store.rewrite(now.table(), now.state()), "data file");
    }

    private static byte[] concatenated(List<byte[]> parts) {
        byte[] all = new byte[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** One write of the bank's files. */
    private interface Write {
        void run() throws IOException;
    }

    /**
     * Runs {@code write}; a failure stops the bank (DESIGN §8). Carrying on would not be true:
     * the journal may hold part of the records, or the replaced file be on disk already, so a
     * restart could adopt changes that were never answered while memory ran elsewhere.
     */
    private void durably(Write write, String file) {
        try {
            write.run();
        } catch (IOException e) {
            log.accept("could not write the bank's " + file + ": " + e + "; stopping");
            throw new DurabilityFailure("cannot write the bank's " + file, e);
        }
    }
}
