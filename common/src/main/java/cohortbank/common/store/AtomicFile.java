package cohortbank.common.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file's content atomically and durably.
 *
 * <p>Steps: write a temporary file in the same directory, fsync it, rename it over the target
 * (an atomic rename on POSIX file systems), then fsync the directory so the rename itself
 * survives a power cut. A crash at any instant leaves either the old or the new file; at
 * worst a stray {@code .tmp} file, which readers ignore and the next write replaces.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /** Atomically replaces {@code target} with {@code content}; durable when this returns. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, false);
    }

    /**
     * As {@link #write(Path, byte[])}, for a secret such as a private key: on a POSIX file
     * system the file is readable and writable by its owner only (mode 0600) from its creation.
     */
    public static void writeOwnerOnly(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    private static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // a left-over would keep its old mode
        boolean posix = ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] mode = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (FileChannel out = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), mode)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("file system of " + dir + " cannot rename atomically", e);
        }
        syncDirectory(dir);
    }

    /** Makes a rename or delete in {@code dir} durable; a no-op where directories cannot be synced. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open a directory; their rename is durable enough.
            if (e instanceof java.nio.file.NoSuchFileException missing) {
                throw missing;
            }
        }
    }
}
