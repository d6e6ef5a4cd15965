package cohortbank.customer.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The checksummed text form of every state file: a header naming the kind, the content lines,
 * then {@code sha256 <hex>} over everything before it.
 *
 * <p>A file whose checksum, header or ending is wrong is reported as absent, never half-read:
 * a torn or corrupted file must not be mistaken for a state the process once had.
 */
public final class StateFile {

    private static final String MAGIC = "cohortbank-state v1 ";

    private StateFile() {
    }

    public static byte[] encode(String kind, List<String> lines) {
        StringBuilder text = new StringBuilder(MAGIC).append(kind).append('\n');
        for (String line : lines) {
            if (line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("state line contains a newline");
            }
            text.append(line).append('\n');
        }
        byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] trailer = ("sha256 " + HexFormat.of().formatHex(sha256(content)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(content, content.length + trailer.length);
        System.arraycopy(trailer, 0, out, content.length, trailer.length);
        return out;
    }

    /** The content lines, or empty when the bytes are not an intact file of {@code kind}. */
    public static Optional<List<String>> decode(String kind, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            return Optional.empty();
        }
        int trailerStart = text.lastIndexOf('\n', text.length() - 2) + 1;
        String trailer = text.substring(trailerStart, text.length() - 1);
        String content = text.substring(0, trailerStart);
        if (!trailer.startsWith("sha256 ") || !content.startsWith(MAGIC + kind + "\n")) {
            return Optional.empty();
        }
        String expected = HexFormat.of().formatHex(sha256(content.getBytes(StandardCharsets.UTF_8)));
        if (!expected.equals(trailer.substring("sha256 ".length()))) {
            return Optional.empty();
        }
        List<String> lines = content.lines().toList();
        return Optional.of(lines.subList(1, lines.size()));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
