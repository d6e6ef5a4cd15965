package cohortbank.customer.store;

import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.store.Storage;
import cohortbank.customer.account.Account;
import cohortbank.customer.wire.Decision;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A customer's durable state in its {@link Storage}: the meta ({@link NodeMeta}) and the
 * permanent and tentative checkpoints in the append-only log {@code checkpoints}
 * ({@link CheckpointLog}), where each save is one append (one fsync), and the {@code live}
 * account that a clean quit leaves. A {@code meta} file of the older format is read until
 * the first save of the meta moves it into the log.
 *
 * <p>Every save is durable when it returns (the Storage contract). A file that is torn, fails
 * its checksum or does not parse is treated as absent and reported through {@code warn}.
 * Write failures throw {@link DurabilityFailure}: a process that cannot make its state
 * durable must not go on acting as if it had, so it stops (fail-stop) and recovers at restart.
 */
public final class CustomerStore {

    private final Storage storage;
    /** The files that hold an account's state. */
    private static final List<String> STATE_FILES = List.of("meta", CheckpointLog.FILE, "permanent", "tentative", "live");

    private final java.util.function.Consumer<String> warn;
    private final long minRewriteBytes;
    /** The checkpoint log as read at first use, then kept up to date by this store's writes. */
    private CheckpointLog checkpoints;

    public CustomerStore(Storage storage, java.util.function.Consumer<String> warn) {
        this(storage, warn, CheckpointLog.MIN_REWRITE_BYTES);
    }

    /** As the other constructor; the checkpoint log is never rewritten below {@code minRewriteBytes} (tests pass less). */
    public CustomerStore(Storage storage, java.util.function.Consumer<String> warn, long minRewriteBytes) {
        this.storage = storage;
        this.warn = warn;
        this.minRewriteBytes = minRewriteBytes;
    }

    private CheckpointLog checkpoints() {
        if (checkpoints == null) {
            checkpoints = CheckpointLog.read(storage, minRewriteBytes, warn, old -> load(old, Checkpoint::fromLines));
        }
        return checkpoints;
    }

    /**
     * Why this directory's state files cannot even be looked for (the I/O error, such as "Not a
     * directory" or "Permission denied"), or empty when they can: so that a careless
     * {@code --state-dir} is named as such, not taken for an account that lives there.
     */
    public Optional<String> unreadable() {
        for (String name : STATE_FILES) {
            try {
                storage.read(name);
            } catch (IOException e) {
                return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Whether any state file exists at all, intact or not: a customer lived here. */
    public boolean holdsState() {
        for (String name : STATE_FILES) {
            try {
                if (storage.read(name).isPresent()) {
                    return true;
                }
            } catch (IOException e) {
                return true; // unreadable is not absent: never treat a directory we cannot read as empty
            }
        }
        return false;
    }

    /**
     * The meta file, with the decisions that the checkpoint log holds for instances it does not
     * name: an initiator's commit or abort is written with its own checkpoint's step.
     */
    public Optional<NodeMeta> loadMeta() {
        Optional<NodeMeta> meta = checkpoints().readsOldMeta()
                ? load(CheckpointLog.OLD_META, NodeMeta::fromLines)
                : checkpoints().meta().map(NodeMeta::fromLines);
        meta.ifPresent(m -> checkpoints().decisions().forEach((instance, d) -> {
            if (!m.decisions.containsKey(instance)) {
                m.recordDecision(instance, d);
            }
        }));
        return meta;
    }

    /**
     * Saves the meta whole, durably, in one append to the log: a crash leaves the previous meta
     * or this one, never a mixture. A rollback's promise, its dead labels and an initiator's
     * decision are each one such write (docs/DESIGN.md §6).
     */
    public void saveMeta(NodeMeta meta) {
        checkpoints().saveMeta(meta.toLines());
    }

    /** The latest permanent checkpoint. The store keeps what it returns and is given: callers never change it. */
    public Optional<Checkpoint> loadPermanent() {
        return checkpoints().permanent();
    }

    /** Saves a permanent checkpoint whole (joining or leaving a cohort, opening); a tentative one stays. */
    public void savePermanent(Checkpoint checkpoint) {
        checkpoints().savePermanent(checkpoint);
    }

    public Optional<Checkpoint> loadTentative() {
        return checkpoints().tentative();
    }

    /** Saves a tentative checkpoint: one durable write of what the log does not hold yet. */
    public void saveTentative(Checkpoint checkpoint) {
        checkpoints().saveTentative(checkpoint);
    }

    /**
     * Makes tentative checkpoint {@code tentative} permanent and retires it, in one durable
     * write; with {@code decision} (an initiator's commit of its own instance, not null) in the
     * same write. Does nothing when it is permanent already.
     */
    public void commitTentative(Checkpoint tentative, Decision decision) {
        checkpoints().commit(tentative, decision);
    }

    /** Drops the tentative checkpoint, if one is saved; does nothing otherwise. */
    public void deleteTentative() {
        checkpoints().discard(null, null);
    }

    /**
     * Drops the tentative checkpoint of {@code instance} with an initiator's abort decision for
     * it, in one durable write.
     */
    public void discardTentative(String instance, Decision decision) {
        checkpoints().discard(instance, decision);
    }

    /** The account a clean {@code quit} left; present only until the next start reads it. */
    public Optional<Account> loadLive() {
        return load("live", Account::fromLines);
    }

    public void saveLive(Account account) {
        save("live", account.toLines());
    }

    public void deleteLive() {
        delete("live");
    }

    private <T> Optional<T> load(String name, Function<List<String>, T> parser) {
        Optional<byte[]> bytes;
        try {
            bytes = storage.read(name);
        } catch (IOException e) {
            warn.accept("cannot read state file '" + name + "': " + e.getMessage() + "; treating it as absent");
            return Optional.empty();
        }
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<String>> lines = StateFile.decode(name, bytes.get());
        if (lines.isEmpty()) {
            warn.accept("state file '" + name + "' is torn or corrupt (bad checksum); treating it as absent");
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(lines.get()));
        } catch (RuntimeException e) {
            warn.accept("state file '" + name + "' does not parse (" + e.getMessage() + "); treating it as absent");
            return Optional.empty();
        }
    }

    private void save(String name, List<String> lines) {
        try {
            storage.write(name, StateFile.encode(name, lines));
        } catch (IOException e) {
            throw new DurabilityFailure("cannot write state file '" + name + "'", e);
        }
    }

    private void delete(String name) {
        try {
            storage.delete(name);
        } catch (IOException e) {
            throw new DurabilityFailure("cannot delete state file '" + name + "'", e);
        }
    }
}
