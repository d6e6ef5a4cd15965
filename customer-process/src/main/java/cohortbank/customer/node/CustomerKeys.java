package cohortbank.customer.node;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.TransportLayer;
import cohortbank.common.security.AuthContext;
import cohortbank.common.security.Authentication;
import cohortbank.common.security.Identity;
import cohortbank.common.security.KeyDirectory;
import cohortbank.common.security.KeyFileException;
import cohortbank.common.security.PublicKeys;
import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.store.Storage;
import cohortbank.common.wire.bank.Member;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A customer's keys: its own {@link Identity} (created at {@code open}, kept in its state
 * directory as {@value Identity#FILE}), the bank's public key it pinned, and, as its
 * {@link KeyDirectory}, the keys of its cohort's members as the bank announced them.
 *
 * <p>Pinning: the bank's key is learned by asking the bank ({@code bank-key}) the first time
 * and kept in {@value #PIN_FILE}; from then on a bank with another key is refused. With
 * {@code --bank-key FINGERPRINT} the very first answer must match it too, so not even the first
 * contact can be impersonated. Event loop only.
 */
public final class CustomerKeys implements KeyDirectory {

    /** Where the pinned bank key is kept, in the customer's state directory. */
    public static final String PIN_FILE = "bank.pin";

    private final Endpoint bank;
    private final String expectedFingerprint;
    private final Supplier<Identity> fresh;
    private final AuthContext auth;
    private Storage storage;
    private String bankKey;
    private Supplier<List<Member>> members = List::of;

    /**
     * @param expectedFingerprint the bank key's fingerprint the user gave, or null to trust the
     *                            first answer (and then only that key)
     * @param fresh               makes the customer's key pair at its first {@code open}:
     *                            {@link Identity#generate} in a process, a seeded one in simulations
     * @param log                 receives the lines about refused datagrams
     */
    public CustomerKeys(Endpoint bank, String expectedFingerprint, Supplier<Identity> fresh, Consumer<String> log) {
        this.bank = Objects.requireNonNull(bank, "bank");
        this.expectedFingerprint = expectedFingerprint;
        this.fresh = fresh;
        this.auth = new AuthContext(null, this, log);
    }

    /** The layer that authenticates both of this customer's ports. */
    public TransportLayer layer() {
        return new Authentication(auth);
    }

    /** Datagrams refused so far, by reason. */
    public Map<String, Long> dropped() {
        return auth.dropped();
    }

    /** This customer's public key, or empty before it has one. */
    public Optional<String> publicKey() {
        return Optional.ofNullable(auth.identity()).map(Identity::publicKey);
    }

    void attach(Supplier<List<Member>> current) {
        this.members = current;
    }

    /**
     * Speaks from now on as the customer whose state is in {@code state}: loads its identity,
     * or creates it there, and the bank key it pinned.
     *
     * @param opening whether this is an {@code open}: no account exists yet and nothing has been
     *                sent under this key, so a key file that cannot be written is bad input (a
     *                careless {@code --state-dir}) and the open fails; nothing has changed
     * @return null, or why the customer cannot speak (a torn or altered key file, or, when
     *         {@code opening}, a key file that cannot be read or written)
     * @throws DurabilityFailure when the key file of an existing account cannot be read or
     *         written: its epoch must be durable before anything is sent, and a customer without
     *         its key could neither be heard by its peers nor hear them (they would re-send to it
     *         forever), so it stops
     */
    String useState(Storage state, boolean opening) {
        try {
            auth.adopt(Identity.loadOrCreate(state, Identity.FILE, fresh));
            Optional<byte[]> pin = state.read(PIN_FILE);
            this.storage = state;
            if (pin.isPresent()) {
                String pinned = new String(pin.get(), StandardCharsets.US_ASCII).strip();
                String problem = check(pinned, null);
                if (problem != null) {
                    return problem;
                }
                bankKey = pinned;
            }
            return null;
        } catch (KeyFileException e) {
            return "cannot use the key file in the state directory: " + e.getMessage();
        } catch (IOException e) {
            if (opening) {
                return "cannot write the key file " + Identity.FILE + " in this process's state directory: "
                        + e.getMessage();
            }
            throw new DurabilityFailure("cannot use the key file " + Identity.FILE + " in the state directory", e);
        }
    }

    Optional<String> bankKey() {
        return Optional.ofNullable(bankKey);
    }

    boolean isBank(String sender) {
        return sender != null && sender.equals(bankKey);
    }

    /**
     * The bank said its key is {@code key}: pins it when it may be trusted.
     *
     * @return null, or why the key is refused
     */
    String pinBank(String key) {
        if (key == null || !PublicKeys.TEXT.matcher(key).matches()) {
            return "the bank did not give a usable key";
        }
        String problem = check(key, bankKey);
        if (problem != null) {
            return problem;
        }
        if (storage != null) {
            try {
                Optional<byte[]> pin = storage.read(PIN_FILE);
                if (pin.isPresent()) {
                    problem = check(key, new String(pin.get(), StandardCharsets.US_ASCII).strip());
                    if (problem != null) {
                        return problem;
                    }
                } else {
                    storage.write(PIN_FILE, (key + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                return "cannot save the bank's key: " + e.getMessage();
            }
        }
        bankKey = key;
        return null;
    }

    private String check(String key, String pinned) {
        String fingerprint = PublicKeys.fingerprint(key);
        if (expectedFingerprint != null && !expectedFingerprint.equals(fingerprint)) {
            return "the bank at " + bank + " has key " + fingerprint + ", not " + expectedFingerprint
                    + " as --bank-key says; refusing to talk to it";
        }
        if (pinned != null && !pinned.equals(key)) {
            return "the bank's key changed: pinned " + PublicKeys.fingerprint(pinned) + ", now " + fingerprint
                    + "; refusing to talk to it (if the bank really has a new key, delete " + PIN_FILE
                    + " in the customer's state directory)";
        }
        return null;
    }

    @Override
    public Optional<String> keyAt(Endpoint endpoint) {
        if (endpoint.equals(bank)) {
            return bankKey();
        }
        return members.get().stream().filter(m -> m.peer().equals(endpoint) && m.key() != null)
                .map(Member::key).findFirst();
    }

    @Override
    public boolean accepts(String publicKey) {
        return publicKey.equals(bankKey) || members.get().stream().anyMatch(m -> publicKey.equals(m.key()));
    }

    /** Whether {@code sender} is the key the bank announced for member {@code name}. */
    boolean isMember(String name, String sender) {
        return sender != null && members.get().stream().anyMatch(m -> m.name().equals(name) && sender.equals(m.key()));
    }
}
