package cohortbank.common.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@link Storage} as one file per name in a directory, written with {@link AtomicFile}. */
public final class FileStorage implements Storage {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");

    private final Path dir;

    public FileStorage(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(path(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        AtomicFile.write(path(name), content);
    }

    @Override
    public void writeSecret(String name, byte[] content) throws IOException {
        AtomicFile.writeOwnerOnly(path(name), content);
    }

    @Override
    public void append(String name, byte[] content) throws IOException {
        Path file = path(name);
        boolean created = !Files.exists(file);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(false); // the data and the file's new length; one fsync for the whole group
        }
        if (created) {
            AtomicFile.syncDirectory(dir); // a new file's directory entry must survive a power cut too
        }
    }

    @Override
    public void delete(String name) throws IOException {
        if (Files.deleteIfExists(path(name))) {
            AtomicFile.syncDirectory(dir);
        }
    }

    private Path path(String name) {
        if (!SAFE_NAME.matcher(name).matches() || name.endsWith(".tmp")) {
            throw new IllegalArgumentException("bad storage name '" + name + "'");
        }
        return dir.resolve(name);
    }
}
