package cohortbank.common.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MAC keys between one identity and each peer, one per direction.
 *
 * <p>Both ends compute the same X25519 shared secret from their own private key and the
 * other's public key; HKDF-SHA256 (RFC 5869, built from the JDK's HmacSHA256) turns it into
 * a 32-byte HMAC-SHA256 key for the link "sender → receiver", so a datagram cannot be
 * reflected back to its sender as if the receiver had said it. Only the two holders of the
 * private keys can compute a link's key. Derived keys are cached per peer. Not thread-safe.
 */
final class LinkKeys {

    private static final byte[] SALT = "cohortbank link key v1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CACHED = 4096;
    /**
     * X25519 shared secrets by "own public key|peer public key". The agreement is the one costly
     * step (a scalar multiplication, hundreds of microseconds in the JDK's pure-Java code) and
     * a pure function of the two keys, so it is memoised for every identity in this JVM: a
     * restarted process, or a simulated one, does not pay for it again.
     */
    private static final Map<String, byte[]> SECRETS = new ConcurrentHashMap<>();

    private final Identity self;
    // A Mac initialised once per link: creating and keying one costs more than using it.
    private final Map<String, Mac> sending = new HashMap<>();
    private final Map<String, Mac> receiving = new HashMap<>();

    LinkKeys(Identity self) {
        this.self = self;
    }

    /** HMAC-SHA256 under the key for datagrams from this identity to {@code peer}. */
    Mac towards(String peer) {
        return cached(sending, peer, self.publicKey(), peer);
    }

    /** HMAC-SHA256 under the key for datagrams from {@code peer} to this identity. */
    Mac from(String peer) {
        return cached(receiving, peer, peer, self.publicKey());
    }

    private Mac cached(Map<String, Mac> cache, String peer, String sender, String receiver) {
        Mac mac = cache.get(peer);
        if (mac == null) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear(); // only costs recomputation
            }
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(derive(peer, sender + ">" + receiver));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
            cache.put(peer, mac);
        }
        return mac;
    }

    /** The link key itself; see the class comment. */
    SecretKeySpec derive(String peer, String direction) {
        try {
            byte[] shared = sharedSecret(peer);
            byte[] prk = hmac(SALT, shared);
            // HKDF-Expand for one block: T(1) = HMAC(PRK, info || 0x01).
            byte[] info = (direction + "\u0001").getBytes(StandardCharsets.US_ASCII);
            return new SecretKeySpec(hmac(prk, info), "HmacSHA256");
        } catch (GeneralSecurityException | IllegalStateException e) {
            // A low-order public key makes the agreement fail (the JDK throws IllegalStateException
            // for it): such a peer cannot be talked to.
            throw new IllegalArgumentException("no key agreement with " + PublicKeys.fingerprint(peer) + ": " + e.getMessage());
        }
    }

    private byte[] sharedSecret(String peer) throws GeneralSecurityException {
        String pair = self.publicKey() + "|" + peer;
        byte[] shared = SECRETS.get(pair);
        if (shared == null) {
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(self.privateKey());
            agreement.doPhase(PublicKeys.decode(peer), true);
            shared = agreement.generateSecret();
            if (SECRETS.size() >= MAX_CACHED) {
                SECRETS.clear();
            }
            SECRETS.put(pair, shared);
        }
        return shared;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
