package cohortbank.common.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * X25519 public keys as text: the raw 32 bytes in unpadded base64url (43 characters), which
 * fits a datagram header, and their fingerprint for people to compare and pin.
 */
public final class PublicKeys {

    /** What a public key looks like on the wire. */
    public static final Pattern TEXT = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** What a fingerprint looks like: 20 lowercase hex digits in groups of four. */
    public static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{4}(?::[0-9a-f]{4}){4}");

    // The X.509 (SubjectPublicKeyInfo) encoding of an X25519 key is this prefix and the raw key.
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b656e032100");

    private PublicKeys() {
    }

    static String encode(PublicKey key) {
        byte[] der = key.getEncoded();
        byte[] raw = Arrays.copyOfRange(der, der.length - 32, der.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * The key named by {@code text}.
     *
     * @throws IllegalArgumentException when it is not a well-formed X25519 public key
     */
    public static PublicKey decode(String text) {
        if (!TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("bad public key '" + abbreviate(text) + "': expected 43 base64url characters");
        }
        byte[] raw = Base64.getUrlDecoder().decode(text);
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("bad public key '" + abbreviate(text) + "': " + e.getMessage());
        }
    }

    /**
     * The first 80 bits of the SHA-256 of the key text, as {@code xxxx:xxxx:xxxx:xxxx:xxxx}:
     * short enough to read aloud, long enough that nobody can make another key with the same one.
     */
    public static String fingerprint(String publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getBytes(StandardCharsets.US_ASCII));
            String hex = HexFormat.of().formatHex(digest, 0, 10);
            return String.join(":", hex.substring(0, 4), hex.substring(4, 8), hex.substring(8, 12),
                    hex.substring(12, 16), hex.substring(16, 20));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 50 ? text : text.substring(0, 47) + "...";
    }
}
