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
 * until {@link #close}. Two customer processes on one directory would both act as its account,
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
        FileChannel channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
            throw new InUse(dir);
        }
        return new StateDirectoryLock(channel, lock);
    }

    /** The directory is locked by another process (or by another lock in this one). */
    public static final class InUse extends IOException {
        private static final long serialVersionUID = 1L;

        InUse(Path dir) {
            super(dir + " is in use by another process");
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
