package cohortbank.customer.store;

import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.store.Storage;
import cohortbank.customer.account.Account;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A customer's durable state in its {@link Storage}: {@code meta}, the {@code permanent} and
 * {@code tentative} checkpoints, and the {@code live} account that a clean quit leaves.
 *
 * <p>Every save is durable when it returns (the Storage contract). A file that is torn, fails
 * its checksum or does not parse is treated as absent and reported through {@code warn}.
 * Write failures throw {@link DurabilityFailure}: a process that cannot make its state
 * durable must not go on acting as if it had, so it stops (fail-stop) and recovers at restart.
 */
public final class CustomerStore {

    private final Storage storage;
    private final java.util.function.Consumer<String> warn;

    public CustomerStore(Storage storage, java.util.function.Consumer<String> warn) {
        this.storage = storage;
        this.warn = warn;
    }

    /** Whether any state file exists at all, intact or not: a customer lived here. */
    public boolean holdsState() {
        for (String name : List.of("meta", "permanent", "tentative", "live")) {
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

    public Optional<NodeMeta> loadMeta() {
        return load("meta", NodeMeta::fromLines);
    }

    public void saveMeta(NodeMeta meta) {
        save("meta", meta.toLines());
    }

    public Optional<Checkpoint> loadPermanent() {
        return load("permanent", Checkpoint::fromLines);
    }

    public void savePermanent(Checkpoint checkpoint) {
        save("permanent", checkpoint.toLines());
    }

    public Optional<Checkpoint> loadTentative() {
        return load("tentative", Checkpoint::fromLines);
    }

    public void saveTentative(Checkpoint checkpoint) {
        save("tentative", checkpoint.toLines());
    }

    public void deleteTentative() {
        delete("tentative");
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
