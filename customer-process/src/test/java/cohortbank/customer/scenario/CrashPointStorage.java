package cohortbank.customer.scenario;

import cohortbank.common.sim.MemoryStorage;
import cohortbank.common.store.Storage;
import java.io.IOException;
import java.util.Optional;

/**
 * A node's storage that can kill the node at one chosen write: just before it (the write is
 * lost) or just after it (the write is durable, nothing after it happens). The content lives
 * in a {@link MemoryStorage} that outlives the crash, like a disk.
 */
final class CrashPointStorage implements Storage {

    /** When, relative to the chosen write, the node dies. */
    enum When { BEFORE, AFTER }

    final MemoryStorage disk;
    private final String node;
    private String file;
    private String containing;
    private When when;

    CrashPointStorage(String node, MemoryStorage disk) {
        this.node = node;
        this.disk = disk;
    }

    /** Arms a crash at the next write of {@code file} whose content contains {@code containing}. */
    void crashAt(String file, String containing, When when) {
        this.file = file;
        this.containing = containing;
        this.when = when;
    }

    @Override
    public Optional<byte[]> read(String name) {
        return disk.read(name);
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        boolean hit = name.equals(file)
                && new String(content, java.nio.charset.StandardCharsets.UTF_8).contains(containing);
        if (hit) {
            file = null;
            if (when == When.BEFORE) {
                throw new SimulatedCrash(node);
            }
        }
        disk.write(name, content);
        if (hit) {
            throw new SimulatedCrash(node);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        disk.delete(name);
    }
}
