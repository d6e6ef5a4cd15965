package cohortbank.bank;

import cohortbank.common.net.Endpoint;
import cohortbank.common.security.Identity;
import cohortbank.common.security.KeyDirectory;
import cohortbank.common.security.KeyFileException;
import cohortbank.common.sim.MemoryStorage;
import cohortbank.common.store.Storage;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The bank's keys: its own {@link Identity} and the {@link KeyBindings} of its customers, and,
 * as the bank's {@link KeyDirectory}, the key listening at each active customer's port1.
 *
 * <p>The bank accepts datagrams under any key: an {@code open} introduces a key the bank has
 * never seen, and what a key may do is {@link BankGate}'s decision. Event loop only.
 */
public final class BankKeys implements KeyDirectory {

    private final Identity identity;
    private final KeyBindings bindings;
    private Supplier<BankTable> table = BankTable::empty;

    public BankKeys(Identity identity, KeyBindings bindings) {
        this.identity = identity;
        this.bindings = bindings;
    }

    /**
     * The keys kept beside the data file {@code dataFileName} in {@code storage}: the identity
     * in {@code <base>-identity.key} (created at the first start), the bindings in
     * {@code <base>-keys.csv}, where {@code <base>} is the data file's name without {@code .csv}.
     */
    public static BankKeys beside(Storage storage, String dataFileName, SecureRandom random)
            throws IOException, KeyFileException {
        String base = dataFileName.endsWith(".csv") ? dataFileName.substring(0, dataFileName.length() - 4) : dataFileName;
        Identity identity = Identity.loadOrCreate(storage, base + "-identity.key", random);
        return new BankKeys(identity, KeyBindings.load(storage, base + "-keys.csv"));
    }

    /** Keys in memory only, from a seed: for simulations and tests. */
    public static BankKeys inMemory(long seed) {
        try {
            return new BankKeys(Identity.seeded(seed), KeyBindings.load(new MemoryStorage(), "keys.csv"));
        } catch (IOException | KeyFileException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets the directory find customers in the bank's table as it is at each call. */
    void attach(Supplier<BankTable> current) {
        this.table = current;
    }

    public Identity identity() {
        return identity;
    }

    public KeyBindings bindings() {
        return bindings;
    }

    @Override
    public Optional<String> keyAt(Endpoint endpoint) {
        return table.get().activeAt(endpoint).flatMap(c -> bindings.keyOf(c.name()));
    }

    @Override
    public boolean accepts(String publicKey) {
        return true;
    }
}
