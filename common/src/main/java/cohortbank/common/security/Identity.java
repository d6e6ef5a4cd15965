package cohortbank.common.security;

import cohortbank.common.store.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A process's long-term key pair (X25519, from the JDK) and the epoch of its current life.
 *
 * <p>The public key, written as 43 characters of unpadded base64url ({@link PublicKeys}),
 * is the process's identity on the wire. The private key never leaves the process: it is
 * kept in one file of the process's storage, written owner-only, with a checksum so that a
 * torn or altered file is refused instead of half-read.
 *
 * <p>Key file format (text, one field a line):
 * <pre>
 *   cohortbank-identity 1
 *   private &lt;base64 PKCS#8&gt;
 *   public &lt;base64url raw key&gt;
 *   epoch &lt;n&gt;
 *   checksum &lt;hex SHA-256 of the lines above, each ending in \n&gt;
 * </pre>
 * The epoch grows by one every time the identity is loaded (a start of the process), and is
 * durable before {@link #loadOrCreate} returns: every datagram names it, so that a receiver
 * recognises datagrams of an earlier life as old.
 */
public final class Identity {

    /** The file a customer's identity is kept in, inside its state directory. */
    public static final String FILE = "identity.key";
    private static final String MAGIC = "cohortbank-identity 1";

    private final PrivateKey privateKey;
    private final String publicKey;
    private final long epoch;

    private Identity(PrivateKey privateKey, String publicKey, long epoch) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.epoch = epoch;
    }

    /** A new key pair drawn from {@code random}, in epoch 1; kept in memory only. */
    public static Identity generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, random);
            KeyPair pair = generator.generateKeyPair();
            return new Identity(pair.getPrivate(), PublicKeys.encode(pair.getPublic()), 1);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make X25519 keys", e);
        }
    }

    /**
     * A fresh identity from a seed: for simulations and tests, which must replay exactly. The
     * same seed gives the same key (memoised: making a key pair is a costly scalar multiplication).
     */
    public static Identity seeded(long seed) {
        if (SEEDED.size() > 4096) {
            SEEDED.clear();
        }
        return SEEDED.computeIfAbsent(seed, Identity::drawSeeded);
    }

    private static final java.util.Map<Long, Identity> SEEDED = new java.util.concurrent.ConcurrentHashMap<>();

    private static Identity drawSeeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return generate(random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA1PRNG", e);
        }
    }

    /**
     * The identity kept in {@code file} of {@code storage}, or a new one (drawn from {@code random}) saved there;
     * either way with its epoch advanced and saved before this returns.
     *
     * @throws KeyFileException when the file exists but is torn, altered or unreadable: a key
     *                          is never replaced silently, since the bank knows the old one
     * @throws IOException      when the storage cannot be read or written
     */
    public static Identity loadOrCreate(Storage storage, String file, SecureRandom random)
            throws IOException, KeyFileException {
        return loadOrCreate(storage, file, () -> generate(random));
    }

    /** As {@link #loadOrCreate(Storage, String, SecureRandom)}, a new identity coming from {@code fresh}. */
    public static Identity loadOrCreate(Storage storage, String file, java.util.function.Supplier<Identity> fresh)
            throws IOException, KeyFileException {
        Optional<byte[]> bytes = storage.read(file);
        Identity next;
        if (bytes.isEmpty()) {
            next = fresh.get();
        } else {
            Identity old = parse(new String(bytes.get(), StandardCharsets.UTF_8));
            next = new Identity(old.privateKey, old.publicKey, old.epoch + 1);
        }
        storage.writeSecret(file, next.fileText().getBytes(StandardCharsets.UTF_8));
        return next;
    }

    /** Reads a key file's text; see the class comment for the format. */
    public static Identity parse(String text) throws KeyFileException {
        if (text.length() > 4096) {
            throw new KeyFileException("key file too long");
        }
        List<String> lines = text.lines().toList();
        if (lines.size() != 5 || !lines.get(0).equals(MAGIC)) {
            throw new KeyFileException("not a key file (expected 5 lines starting '" + MAGIC + "')");
        }
        String body = String.join("\n", lines.subList(0, 4)) + "\n";
        if (!lines.get(4).equals("checksum " + checksum(body))) {
            throw new KeyFileException("key file checksum does not match: torn or altered");
        }
        String priv = field(lines.get(1), "private");
        String pub = field(lines.get(2), "public");
        String epochText = field(lines.get(3), "epoch");
        try {
            PrivateKey privateKey = KeyFactory.getInstance("X25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(priv)));
            PublicKeys.decode(pub);
            long epoch = Long.parseLong(epochText);
            if (epoch < 1 || epoch == Long.MAX_VALUE) {
                throw new KeyFileException("bad epoch " + epoch);
            }
            return new Identity(privateKey, pub, epoch);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyFileException("bad key in key file: " + e.getMessage());
        }
    }

    private static String field(String line, String key) throws KeyFileException {
        if (!line.startsWith(key + " ")) {
            throw new KeyFileException("expected '" + key + " ...' in key file");
        }
        return line.substring(key.length() + 1);
    }

    String fileText() {
        String body = MAGIC + "\n"
                + "private " + Base64.getEncoder().encodeToString(privateKey.getEncoded()) + "\n"
                + "public " + publicKey + "\n"
                + "epoch " + epoch + "\n";
        return body + "checksum " + checksum(body) + "\n";
    }

    private static String checksum(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as sent on the wire. */
    public String publicKey() {
        return publicKey;
    }

    /** A short, human-comparable digest of the public key; see {@link PublicKeys#fingerprint}. */
    public String fingerprint() {
        return PublicKeys.fingerprint(publicKey);
    }

    /** This life of the process: larger than every earlier life's. */
    public long epoch() {
        return epoch;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    PublicKey decodedPublicKey() {
        return PublicKeys.decode(publicKey);
    }

    @Override
    public String toString() {
        return "identity " + fingerprint() + " epoch " + epoch;
    }
}
