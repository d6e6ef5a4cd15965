package cohortbank.customer.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over the ordered lines of a run's trace, each prefixed with its virtual time: two
 * runs with the same hash did the same things at the same instants.
 */
final class TraceHash {

    private final MessageDigest digest;
    private long lines;

    TraceHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    void add(long time, String line) {
        digest.update((time + " " + line + "\n").getBytes(StandardCharsets.UTF_8));
        lines++;
    }

    long lines() {
        return lines;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
