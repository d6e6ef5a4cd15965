package cohortbank.customer.store;

import cohortbank.common.store.Storage;
import cohortbank.customer.account.Account;
import cohortbank.customer.account.HistoryEntry;
import cohortbank.customer.wire.Decision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A customer's checkpoints and meta as one append-only log, the storage file {@value #FILE}, so
 * that a checkpoint writes only what is new and each of its steps, like each save of the meta,
 * is one durable write:
 *
 * <ul>
 *   <li>{@code checkpoint}: a tentative or permanent checkpoint (role, instance, parent,
 *       ckpt-label), with the account's history only from {@code history-from p} on. The
 *       entries before {@code p} are the first {@code p} of the history the log held before
 *       the record, so a history of 10,000 entries costs a checkpoint nothing once written;</li>
 *   <li>{@code commit <instance>}: the open tentative checkpoint of that instance becomes the
 *       permanent one and stops being tentative, atomically (the permanent one is never
 *       missing, and a crash never leaves both);</li>
 *   <li>{@code discard <instance>}: the open tentative checkpoint is dropped;</li>
 *   <li>{@code decisions}: initiators' decisions carried over a rewrite;</li>
 *   <li>{@code meta}: the customer's {@link NodeMeta} whole (label and sequence leases, epoch,
 *       cohort, rollback promises, dead labels, decisions); the last one read is the meta. Every
 *       change of it is one append of one record, so each rollback step (a promise, the dead
 *       labels of a commit, an initiator's decision) costs one fsync, not the two of a renamed
 *       file (docs/DESIGN.md §6).</li>
 * </ul>
 *
 * A {@code commit} or {@code discard} record may carry {@code decision <word>}: the initiator's
 * decision about its own instance, made durable in the same write (docs/DESIGN.md §5).
 *
 * <p>A crash may tear the last record; reading stops before it ({@link LogRecord}), and the next
 * write rewrites the log whole instead of appending after the torn bytes. The log is also
 * rewritten, atomically, when it has grown past twice its last full image (and at least
 * {@code minRewriteBytes}): appends stay proportional to what is new, and rewrites cost at most
 * as much again, spread over them. A state directory written before this log (files
 * {@code permanent} and {@code tentative}) is read as it is, and its first write moves it into
 * the log; a {@code meta} file of that format is the meta until the first meta record is
 * durable, which deletes it. Not thread-safe: one event loop.
 */
final class CheckpointLog {

    /** The storage name of the log. */
    static final String FILE = "checkpoints";
    /** The names of the files that held each checkpoint whole before this log. */
    static final List<String> OLD_FILES = List.of("permanent", "tentative");
    /** The file that held the meta before this log; read while the log holds no meta record. */
    static final String OLD_META = "meta";
    static final long MIN_REWRITE_BYTES = 64 * 1024;
    private static final int MAX_DECISIONS = 256;

    /** A checkpoint held in the log; its account is built from the history when first asked for. */
    private final class Slot {
        final String instance;
        final String parent;
        final long ckptLabel;
        final int historyLength;
        /** The account with only the entries its record held; null once {@link #checkpoint} is built. */
        private Account delta;
        private int deltaFrom;
        private Checkpoint checkpoint;

        Slot(Checkpoint whole) {
            this.instance = whole.instance();
            this.parent = whole.parent();
            this.ckptLabel = whole.ckptLabel();
            this.historyLength = whole.account().historyView().size();
            this.checkpoint = whole;
        }

        Slot(String instance, String parent, long ckptLabel, Account delta, int deltaFrom) {
            this.instance = instance;
            this.parent = parent;
            this.ckptLabel = ckptLabel;
            this.delta = delta;
            this.deltaFrom = deltaFrom;
            this.historyLength = deltaFrom + delta.historyView().size();
        }

        Checkpoint checkpoint() {
            if (checkpoint == null) {
                checkpoint = new Checkpoint(instance, parent, ckptLabel,
                        delta.afterHistory(history.subList(0, deltaFrom)));
                delta = null;
            }
            return checkpoint;
        }

        Slot asPermanent() {
            Checkpoint c = checkpoint();
            return new Slot(new Checkpoint(c.instance(), "-", c.ckptLabel(), c.account()));
        }
    }

    private final Storage storage;
    private final long minRewriteBytes;
    private final Consumer<String> warn;
    /** The history as of the end of the log: what the next checkpoint record continues. */
    private final List<HistoryEntry> history = new ArrayList<>();
    private Slot permanent;
    private Slot tentative;
    private final Map<String, Decision> decisions = new LinkedHashMap<>();
    /** The lines of the last meta record, or null when the log holds none (yet). */
    private List<String> meta;
    /** The older meta file is on disk: deleted once a meta record of the log is durable. */
    private boolean oldMetaPresent;
    private long bytes;
    private long imageBytes;
    /** The log must be written whole at the next write: a torn tail, or a directory of the older files. */
    private boolean rewriteNeeded;
    /**
     * The log is damaged in its middle (bad bytes with intact records after them): it holds
     * nothing readable and refuses every write, so the account is not resumed from an older
     * state than the one its peers know, and the evidence is kept (docs/DESIGN.md §8).
     */
    private boolean damaged;
    private boolean oldFilesPresent;
    /** A write failed after memory changed: this object no longer matches the disk. */
    private boolean broken;

    private CheckpointLog(Storage storage, long minRewriteBytes, Consumer<String> warn) {
        this.storage = storage;
        this.minRewriteBytes = minRewriteBytes;
        this.warn = warn;
    }

    /**
     * Reads the log in {@code storage} (or the older files when there is no log). Never writes.
     *
     * @param minRewriteBytes the log is never rewritten below this size ({@link #MIN_REWRITE_BYTES};
     *                        tests pass less to exercise rewrites)
     */
    static CheckpointLog read(Storage storage, long minRewriteBytes, Consumer<String> warn,
            java.util.function.Function<String, Optional<Checkpoint>> oldFile) {
        CheckpointLog log = new CheckpointLog(storage, minRewriteBytes, warn);
        Optional<byte[]> bytes;
        try {
            bytes = storage.read(FILE);
        } catch (IOException e) {
            warn.accept("cannot read state file '" + FILE + "': " + e.getMessage() + "; treating it as absent");
            bytes = Optional.empty();
            log.rewriteNeeded = true; // never append after content that could not be read
        }
        for (String old : OLD_FILES) {
            try {
                log.oldFilesPresent |= storage.read(old).isPresent();
            } catch (IOException e) {
                log.oldFilesPresent = true;
            }
        }
        try {
            log.oldMetaPresent = storage.read(OLD_META).isPresent();
        } catch (IOException e) {
            log.oldMetaPresent = true;
        }
        if (bytes.isPresent()) {
            log.replay(bytes.get());
        } else if (log.oldFilesPresent) {
            // Written before the log: read the files as they are; the next write moves them into it.
            oldFile.apply("permanent").ifPresent(c -> log.permanent = log.new Slot(c));
            oldFile.apply("tentative").ifPresent(c -> log.tentative = log.new Slot(c));
            log.rewriteNeeded = true;
        }
        return log;
    }

    private void replay(byte[] content) {
        bytes = content.length;
        imageBytes = content.length;
        LogRecord.Decoded decoded = LogRecord.decodeAll(content);
        if (decoded.intactAfterBadBytes()) {
            // No crash leaves this (DESIGN §8): reading the records before the damage would give
            // back an older checkpoint and label lease than the peers hold, and labels twice.
            warn.accept("state file '" + FILE + "' is damaged: a record in its middle fails its checksum and intact"
                    + " records follow it (not a write cut short by a crash); nothing in it is read, and it is never"
                    + " written over");
            damaged = true;
            return;
        }
        if (decoded.tornTail()) {
            warn.accept("state file '" + FILE + "' ends in a torn or corrupt record (" + decoded.records().size()
                    + " intact before it); reading what precedes it");
            rewriteNeeded = true;
        }
        List<LogRecord> records = decoded.records();
        for (int i = 0; i < records.size(); i++) {
            try {
                apply(records.get(i));
            } catch (RuntimeException e) {
                if (i < records.size() - 1 || decoded.tornTail()) {
                    warn.accept("state file '" + FILE + "' is damaged: a record in its middle does not parse ("
                            + e.getMessage() + "); nothing in it is read, and it is never written over");
                    clear();
                    damaged = true;
                    return;
                }
                warn.accept("state file '" + FILE + "' ends in a record that does not parse (" + e.getMessage()
                        + "); reading what precedes it");
                rewriteNeeded = true;
                return;
            }
        }
    }

    Optional<Checkpoint> permanent() {
        return Optional.ofNullable(permanent).map(Slot::checkpoint);
    }

    Optional<Checkpoint> tentative() {
        return Optional.ofNullable(tentative).map(Slot::checkpoint);
    }

    /** The initiators' decisions that commit and discard records carried. */
    Map<String, Decision> decisions() {
        return decisions;
    }

    /** The lines of the last intact meta record, or empty when the log holds none. */
    Optional<List<String>> meta() {
        return Optional.ofNullable(meta);
    }

    /** True while the meta file of the older format may still be the meta (the log holds no meta record). */
    boolean readsOldMeta() {
        return meta == null && oldMetaPresent && !damaged;
    }

    /** Forgets everything replayed so far: the log turned out to be damaged. */
    private void clear() {
        permanent = null;
        tentative = null;
        decisions.clear();
        meta = null;
    }

    /**
     * Appends {@code lines} as the meta, whole, in one record: one durable write that a crash
     * leaves either done or not (a torn record is ignored and the previous meta stands).
     */
    void saveMeta(List<String> lines) {
        write(List.of(new LogRecord("meta", lines)), null);
    }

    void saveTentative(Checkpoint c) {
        write(List.of(checkpointRecord("tentative", c)), c);
    }

    void savePermanent(Checkpoint c) {
        write(List.of(checkpointRecord("permanent", c)), c);
    }

    /**
     * Makes tentative checkpoint {@code t} the permanent one, with {@code decision} (an
     * initiator's commit) in the same write when not null. One small record when {@code t} is
     * the open tentative checkpoint; the whole checkpoint when it is not in the log; nothing
     * when it is permanent already.
     */
    void commit(Checkpoint t, Decision decision) {
        if (permanent != null && permanent.instance.equals(t.instance())) {
            return;
        }
        if (tentative == null || !tentative.instance.equals(t.instance())) {
            Checkpoint whole = new Checkpoint(t.instance(), "-", t.ckptLabel(), t.account());
            List<LogRecord> records = new ArrayList<>(List.of(checkpointRecord("permanent", whole)));
            if (decision != null) {
                records.add(decisionRecord("decisions", null, decision, t.instance()));
            }
            write(records, whole);
            return;
        }
        write(List.of(decisionRecord("commit", t.instance(), decision, null)), null);
    }

    /** Drops the open tentative checkpoint, with {@code decision} (an initiator's abort) when not null. */
    void discard(String instance, Decision decision) {
        if (tentative != null && (instance == null || tentative.instance.equals(instance))) {
            write(List.of(decisionRecord("discard", tentative.instance, decision, null)), null);
        } else if (decision != null) {
            write(List.of(decisionRecord("decisions", null, decision, instance)), null);
        }
    }

    /** True when a tentative checkpoint is open. */
    boolean holdsTentative() {
        return tentative != null;
    }

    private static LogRecord decisionRecord(String kind, String instance, Decision decision, String decided) {
        List<String> lines = new ArrayList<>();
        if (instance != null) {
            lines.add("instance " + instance);
            if (decision != null) {
                lines.add("decision " + decision.word());
            }
        } else {
            lines.add("decision " + decided + " " + decision.word());
        }
        return new LogRecord(kind, lines);
    }

    /** A checkpoint record holding only the history entries the log does not hold already. */
    private LogRecord checkpointRecord(String role, Checkpoint c) {
        List<HistoryEntry> entries = c.account().historyView();
        int from = commonPrefix(history, entries);
        List<String> lines = new ArrayList<>();
        lines.add("role " + role);
        lines.add("instance " + c.instance());
        lines.add("parent " + c.parent());
        lines.add("ckpt-label " + c.ckptLabel());
        lines.add("history-from " + from);
        lines.addAll(c.account().toLines(from));
        return new LogRecord("checkpoint", lines);
    }

    private static int commonPrefix(List<HistoryEntry> a, List<HistoryEntry> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            HistoryEntry x = a.get(i);
            HistoryEntry y = b.get(i);
            if (x != y && !x.equals(y)) {
                return i;
            }
        }
        return n;
    }

    /**
     * Applies {@code records} to memory, then makes them durable in one write: appended, or the
     * whole log rewritten. {@code whole}, when not null, is the checkpoint the first record
     * holds: memory keeps it (and its history's entries) rather than a copy read back.
     */
    private void write(List<LogRecord> records, Checkpoint whole) {
        if (damaged) {
            throw new IllegalStateException("state file '" + FILE + "' is damaged; it is kept as it is for inspection");
        }
        if (broken) {
            throw new IllegalStateException("the checkpoint log failed a write earlier; it no longer matches the disk");
        }
        broken = true; // until the write below returns
        byte[] encoded = LogRecord.encodeAll(records);
        records.forEach(this::apply);
        if (whole != null) {
            keep(whole, records.get(0).lines().get(0).equals("role tentative"));
        }
        try {
            if (rewriteNeeded || bytes + encoded.length > Math.max(minRewriteBytes, 2 * imageBytes)) {
                byte[] image = LogRecord.encodeAll(image());
                storage.write(FILE, image);
                bytes = image.length;
                imageBytes = image.length;
                rewriteNeeded = false;
                if (oldFilesPresent) {
                    for (String old : OLD_FILES) {
                        storage.delete(old); // the log holds them now
                    }
                    oldFilesPresent = false;
                }
            } else {
                storage.append(FILE, encoded);
                bytes += encoded.length;
            }
            if (oldMetaPresent && meta != null) {
                storage.delete(OLD_META); // a meta record is durable in the log, and it is newer
                oldMetaPresent = false;
            }
        } catch (IOException e) {
            throw new cohortbank.common.store.DurabilityFailure("cannot write state file '" + FILE + "'", e);
        }
        broken = false;
    }

    /** Makes the slot just written hold {@code whole} itself, and the history its entries. */
    private void keep(Checkpoint whole, boolean isTentative) {
        Slot slot = new Slot(whole);
        if (isTentative) {
            tentative = slot;
        } else {
            permanent = slot;
        }
        List<HistoryEntry> entries = whole.account().historyView();
        history.clear();
        history.addAll(entries);
    }

    /** The records that hold the present state whole: what a rewrite writes. */
    private List<LogRecord> image() {
        List<LogRecord> records = new ArrayList<>();
        if (meta != null) {
            records.add(new LogRecord("meta", meta));
        }
        if (!decisions.isEmpty()) {
            List<String> lines = new ArrayList<>();
            decisions.forEach((i, d) -> lines.add("decision " + i + " " + d.word()));
            records.add(new LogRecord("decisions", lines));
        }
        Checkpoint p = permanent().orElse(null);
        Checkpoint t = tentative().orElse(null);
        history.clear(); // records of the image continue from nothing
        if (p != null) {
            LogRecord r = checkpointRecord("permanent", p);
            records.add(r);
            apply(r);
        }
        if (t != null) {
            LogRecord r = checkpointRecord("tentative", t);
            records.add(r);
            apply(r);
        }
        return records;
    }

    /** What a record does to the state; reading the log applies every record in order. */
    private void apply(LogRecord record) {
        List<String> lines = record.lines();
        switch (record.kind()) {
            case "checkpoint" -> applyCheckpoint(lines);
            case "commit" -> {
                String instance = field(lines, 0, "instance");
                if (tentative != null && tentative.instance.equals(instance)) {
                    permanent = tentative.asPermanent();
                    tentative = null;
                }
                decision(lines, instance);
            }
            case "discard" -> {
                String instance = field(lines, 0, "instance");
                if (tentative != null && tentative.instance.equals(instance)) {
                    tentative = null;
                }
                decision(lines, instance);
            }
            case "decisions" -> lines.forEach(line -> {
                String[] f = line.split(" ");
                if (f.length != 3 || !f[0].equals("decision")) {
                    throw new IllegalArgumentException("bad decision line '" + line + "'");
                }
                remember(f[1], Decision.valueOf(f[2].toUpperCase(java.util.Locale.ROOT)));
            });
            case "meta" -> {
                NodeMeta.fromLines(lines); // a record that does not parse ends the log here, as a torn one
                meta = lines;
            }
            default -> throw new IllegalArgumentException("unknown record kind '" + record.kind() + "'");
        }
    }

    private void applyCheckpoint(List<String> lines) {
        String role = field(lines, 0, "role");
        String instance = field(lines, 1, "instance");
        String parent = field(lines, 2, "parent");
        long ckptLabel = Long.parseLong(field(lines, 3, "ckpt-label"));
        int from = Integer.parseInt(field(lines, 4, "history-from"));
        if (from < 0 || from > history.size()) {
            throw new IllegalArgumentException("history-from " + from + " past the " + history.size() + " entries held");
        }
        Account delta = Account.fromLines(lines.subList(5, lines.size()));
        // Entries from `from` on are replaced: a checkpoint that still needs them builds its account first.
        for (Slot s : new Slot[] {permanent, tentative}) {
            if (s != null && s.historyLength > from) {
                s.checkpoint();
            }
        }
        history.subList(from, history.size()).clear();
        history.addAll(delta.historyView());
        Slot slot = new Slot(instance, parent, ckptLabel, delta, from);
        switch (role) {
            case "tentative" -> tentative = slot;
            case "permanent" -> permanent = slot;
            default -> throw new IllegalArgumentException("unknown checkpoint role '" + role + "'");
        }
    }

    private void decision(List<String> lines, String instance) {
        if (lines.size() > 1) {
            String word = field(lines, 1, "decision");
            remember(instance, Decision.valueOf(word.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    private void remember(String instance, Decision d) {
        decisions.remove(instance);
        decisions.put(instance, d);
        while (decisions.size() > MAX_DECISIONS) {
            decisions.remove(decisions.keySet().iterator().next());
        }
    }

    private static String field(List<String> lines, int index, String name) {
        if (index >= lines.size() || !lines.get(index).startsWith(name + " ")) {
            throw new IllegalArgumentException("line " + (index + 1) + " should be '" + name + " ...'");
        }
        return lines.get(index).substring(name.length() + 1);
    }
}
