package cohortbank.common.store;

import java.io.IOException;
import java.util.Optional;

/**
 * Durable named blobs: a process's files, or an in-memory stand-in in tests and simulation.
 *
 * <p>Contract: when {@link #write} returns, the new content is durable and replaces the old one
 * atomically — after a crash at any instant a reader sees either the old or the new content,
 * never a mixture or a truncation. {@link #read} returns exactly what was last written.
 */
public interface Storage {

    Optional<byte[]> read(String name) throws IOException;

    void write(String name, byte[] content) throws IOException;

    /**
     * As {@link #write}, for a secret (a private key): where the storage is a file system, the
     * file is readable by its owner only.
     */
    default void writeSecret(String name, byte[] content) throws IOException {
        write(name, content);
    }

    void delete(String name) throws IOException;
}
