package cohortbank.bank;

import cohortbank.common.security.KeyFileException;
import cohortbank.common.security.PublicKeys;
import cohortbank.common.store.Storage;
import cohortbank.common.wire.Args;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which public key owns each customer name: bound at the name's first {@code open} and kept
 * for good, so that only that key ever acts for the name, even after it exits and opens
 * again. Kept durably beside {@code data.csv} (whose columns stay as they are), in a file of
 * its own:
 * <pre>
 *   name,key
 *   alice,&lt;43 base64url characters&gt;
 *   ...
 *   checksum,&lt;hex SHA-256 of the lines above, each ending in \n&gt;
 * </pre>
 * Reading is strict: a torn or altered file is refused, never half-read, since a name
 * without its binding could be taken by anyone.
 *
 * <p>Contract: {@link #bind} and {@link #unbind} are durable when they return; when the write
 * fails they throw and the bindings are as they were. Event loop only.
 */
public final class KeyBindings {

    private static final String HEADER = "name,key";

    private final Storage storage;
    private final String file;
    private final Map<String, String> byName = new TreeMap<>();

    private KeyBindings(Storage storage, String file) {
        this.storage = storage;
        this.file = file;
    }

    /** The bindings kept in {@code file} of {@code storage}; none when it does not exist yet. */
    public static KeyBindings load(Storage storage, String file) throws IOException, KeyFileException {
        KeyBindings b = new KeyBindings(storage, file);
        Optional<byte[]> bytes = storage.read(file);
        if (bytes.isPresent()) {
            b.byName.putAll(parse(new String(bytes.get(), StandardCharsets.UTF_8)));
        }
        return b;
    }

    /** Parses the file's text; see the class comment. */
    static Map<String, String> parse(String text) throws KeyFileException {
        List<String> lines = text.lines().toList();
        if (lines.size() < 2 || !lines.get(0).equals(HEADER)) {
            throw new KeyFileException("key bindings: expected header '" + HEADER + "'");
        }
        String body = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n";
        if (!lines.get(lines.size() - 1).equals("checksum," + checksum(body))) {
            throw new KeyFileException("key bindings: checksum does not match: torn or altered");
        }
        Map<String, String> result = new TreeMap<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            String[] f = line.split(",", -1);
            if (f.length != 2 || !Args.NAME.matcher(f[0]).matches() || !PublicKeys.TEXT.matcher(f[1]).matches()) {
                throw new KeyFileException("key bindings: bad line '" + (line.length() > 80 ? line.substring(0, 80) : line) + "'");
            }
            if (result.put(f[0], f[1]) != null) {
                throw new KeyFileException("key bindings: name '" + f[0] + "' bound twice");
            }
        }
        return result;
    }

    /** The key bound to {@code name}, if any. */
    public Optional<String> keyOf(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** Binds {@code name} to {@code key}, durably. */
    void bind(String name, String key) throws IOException {
        Map<String, String> next = new TreeMap<>(byName);
        next.put(name, key);
        save(next);
    }

    /** Forgets the binding of {@code name}, durably. */
    void unbind(String name) throws IOException {
        Map<String, String> next = new TreeMap<>(byName);
        next.remove(name);
        save(next);
    }

    private void save(Map<String, String> next) throws IOException {
        StringBuilder body = new StringBuilder(HEADER).append('\n');
        next.forEach((n, k) -> body.append(n).append(',').append(k).append('\n'));
        String text = body + "checksum," + checksum(body.toString()) + "\n";
        storage.write(file, text.getBytes(StandardCharsets.UTF_8));
        byName.clear();
        byName.putAll(next);
    }

    private static String checksum(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
