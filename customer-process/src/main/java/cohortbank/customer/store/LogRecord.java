package cohortbank.customer.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One record of an append-only state log: a header {@code cohortbank-log v1 <kind> <n>}, the
 * record's {@code n} lines, then {@code sha256 <hex>} over everything before it.
 *
 * <p>A crash may tear the last record of a log; {@link #decodeAll} returns the intact records
 * before the first one that is incomplete or fails its checksum, and says whether anything
 * followed them, so that a torn record is never half-read. It also says whether an intact
 * record follows the bad bytes: a crash tears only the end of the last append, so bad bytes
 * with intact records after them are damage (a flipped bit on disk, an edited file), not a
 * torn write, and what follows them cannot simply be dropped (docs/DESIGN.md §8).
 */
public record LogRecord(String kind, List<String> lines) {

    private static final String MAGIC = "cohortbank-log v1 ";

    public LogRecord {
        if (kind.isEmpty() || kind.indexOf(' ') >= 0 || kind.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("bad record kind '" + kind + "'");
        }
        for (String line : lines) {
            if (line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("log line contains a newline");
            }
        }
        lines = List.copyOf(lines);
    }

    /**
     * The intact records of a log up to the first bad one; whether bytes followed them (a torn
     * or corrupt tail); and whether an intact record lies beyond those bad bytes (damage in the
     * middle, which no crash leaves).
     */
    public record Decoded(List<LogRecord> records, boolean tornTail, boolean intactAfterBadBytes) {
    }

    public byte[] encode() {
        StringBuilder text = new StringBuilder(MAGIC).append(kind).append(' ').append(lines.size()).append('\n');
        lines.forEach(line -> text.append(line).append('\n'));
        String content = text.toString();
        return (content + "sha256 " + sha256Hex(content) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Concatenates the encodings of {@code records}: what one append or one rewrite writes. */
    public static byte[] encodeAll(List<LogRecord> records) {
        List<byte[]> parts = records.stream().map(LogRecord::encode).toList();
        byte[] out = new byte[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** The intact records at the start of {@code bytes}, up to the first torn or corrupt one. */
    public static Decoded decodeAll(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<LogRecord> records = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int end = recordEnd(text, pos);
            if (end < 0) {
                return new Decoded(records, true, intactRecordAfter(text, pos));
            }
            records.add(parse(text.substring(pos, end)));
            pos = end;
        }
        return new Decoded(records, false, false);
    }

    /** True when a whole record with a good checksum starts at some line after {@code bad}. */
    private static boolean intactRecordAfter(String text, int bad) {
        for (int at = text.indexOf("\n" + MAGIC, bad); at >= 0; at = text.indexOf("\n" + MAGIC, at + 1)) {
            if (recordEnd(text, at + 1) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Where the intact record starting at {@code start} ends, or -1 when it is torn or corrupt. */
    private static int recordEnd(String text, int start) {
        int headerEnd = text.indexOf('\n', start);
        if (headerEnd < 0 || !text.startsWith(MAGIC, start)) {
            return -1;
        }
        String[] header = text.substring(start + MAGIC.length(), headerEnd).split(" ");
        int count;
        try {
            count = header.length == 2 ? Integer.parseInt(header[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
        if (count < 0) {
            return -1;
        }
        int pos = headerEnd + 1;
        for (int i = 0; i < count; i++) {
            int next = text.indexOf('\n', pos);
            if (next < 0) {
                return -1;
            }
            pos = next + 1;
        }
        int trailerEnd = text.indexOf('\n', pos);
        if (trailerEnd < 0 || !text.substring(pos, trailerEnd).equals("sha256 " + sha256Hex(text.substring(start, pos)))) {
            return -1;
        }
        return trailerEnd + 1;
    }

    private static LogRecord parse(String record) {
        List<String> all = record.lines().toList();
        String[] header = all.get(0).substring(MAGIC.length()).split(" ");
        return new LogRecord(header[0], all.subList(1, all.size() - 1));
    }

    private static String sha256Hex(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
