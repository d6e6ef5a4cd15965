package cohortbank.common.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process at a time in a state directory: an exclusive lock on its {@code lock} file, held
 * until {@link #close} (or on a {@code <file>.lock} beside a single file, for a bank's table). Two customer processes on one directory would both act as its account,
 * each with the same balance to spend and the same label counter, so the second must not start.
 * The operating system releases the lock when the process dies, {@code kill -9} included, so a
 * crash never leaves the directory locked.
 */
public final class StateDirectoryLock implements AutoCloseable {

    /** The file locked, beside the state files (not one of their names). */
    public static final String FILE = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir}, creating it if need be.
     *
     * @throws InUse       when another process (or another lock in this one) holds it
     * @throws IOException when the directory cannot be created or its lock file opened (the
     *                     message names the path)
     */
    public static StateDirectoryLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        return lock(dir.resolve(FILE), dir);
    }

    /**
     * Locks the single file {@code file} (a bank's data.csv) through {@code <file>.lock} beside
     * it: two banks on one table would each append to its journal and rewrite it from their own
     * memory, and one would overwrite the other's acknowledged changes.
     *
     * @throws InUse       when another process (or another lock in this one) holds it
     * @throws IOException when the file's directory cannot be created or the lock file opened
     *                     (the message names the path)
     */
    public static StateDirectoryLock acquireBeside(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent()); // as the bank creates its table's directory
        return lock(absolute.resolveSibling(absolute.getFileName() + ".lock"), file);
    }

    private static StateDirectoryLock lock(Path lockFile, Path named) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new InUse(named);
        }
        return new StateDirectoryLock(channel, lock);
    }

    /** The directory or file is locked by another process (or by another lock in this one). */
    public static final class InUse extends IOException {
        private static final long serialVersionUID = 1L;

        InUse(Path what) {
            super(what + " is in use by another process");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
