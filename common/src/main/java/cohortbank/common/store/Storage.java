package cohortbank.common.store;

import java.io.IOException;
import java.util.Optional;

/**
 * Durable named blobs: a process's files, or an in-memory stand-in in tests and simulation.
 *
 * <p>Contract: when {@link #write} returns, the new content is durable and replaces the old one
 * atomically — after a crash at any instant a reader sees either the old or the new content,
 * never a mixture or a truncation. {@link #read} returns exactly what was last written.
 * {@link #append} is the one exception, made for journals: it may be torn by a crash.
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

    /**
     * Adds {@code content} at the end of {@code name} (created empty when absent); durable when
     * this returns. Unlike {@link #write}, a crash during the append may leave the old content
     * followed by any prefix of {@code content} (a torn tail), so a reader must be able to
     * recognise and ignore an incomplete last record.
     */
    void append(String name, byte[] content) throws IOException;
}
