package cohortbank.customer.sim;

import cohortbank.common.sim.MemoryStorage;
import cohortbank.common.store.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A simulated process's disk that can kill the process at a chosen write: just before it (the
 * write never became durable, as when the process dies between a write and its fsync, or in the
 * middle of it: {@code AtomicFile}'s rename means the previous content survives) or just after
 * it (durable, and nothing after it happens). The content lives in a {@link MemoryStorage}
 * that outlives the crash, like a disk.
 *
 * <p>A crash is thrown as {@link SimulatedCrash} from inside {@link #write}, {@link #append} or {@link #delete};
 * reads never crash. Not thread-safe: one simulation thread only.
 */
public final class CrashableStorage implements Storage {

    /**
     * When, relative to the chosen write, the process dies: {@code FAIL} makes the write itself
     * fail (disk full, I/O error) with an {@link IOException}, so the process stops through its
     * own fail-stop path, which must leave the same disk as a crash just before the write.
     */
    public enum When { BEFORE, AFTER, FAIL }

    private final MemoryStorage disk = new MemoryStorage();
    private final String node;
    private String file;
    private String containing;
    private int writesLeft;
    private When when;
    private long version;
    private boolean failed;
    private Runnable onCrash = () -> { };

    public CrashableStorage(String node) {
        this.node = node;
    }

    /** Arms a crash at the next write of {@code file} whose content contains {@code containing}. */
    public void crashAt(String file, String containing, When when) {
        this.file = file;
        this.containing = containing;
        this.writesLeft = 0;
        this.when = when;
    }

    /** Arms a crash at the {@code n}th write or delete from now (1 = the next one), whatever it is. */
    public void crashAtWrite(int n, When when) {
        this.file = null;
        this.writesLeft = n;
        this.when = when;
    }

    /**
     * Runs {@code kill} at the instant of an armed crash, before {@link SimulatedCrash} is thrown:
     * for a process whose code may catch the exception as a bug (the bank turns any exception of
     * a request into a FAILURE answer), the kill still takes effect at the exact write.
     */
    public void onCrash(Runnable kill) {
        this.onCrash = kill;
    }

    /** Disarms any armed crash. */
    public void disarm() {
        file = null;
        writesLeft = 0;
    }

    /** Counts changes that became durable: a reader can cache what it parsed until this moves. */
    public long version() {
        return version;
    }

    @Override
    public Optional<byte[]> read(String name) {
        return disk.read(name);
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        boolean hit = hits(name, content);
        failIfArmedToFail(hit, "write " + name);
        if (hit && when == When.BEFORE) {
            throw crash();
        }
        disk.write(name, content);
        version++;
        if (hit) {
            throw crash();
        }
    }

    /**
     * As {@link MemoryStorage#append}; a crash armed {@code BEFORE} an append leaves a torn tail
     * (the first half of {@code content}), as a process killed during an unfinished append may.
     */
    @Override
    public void append(String name, byte[] content) throws IOException {
        boolean hit = hits(name, content);
        failIfArmedToFail(hit, "append " + name);
        if (hit && when == When.BEFORE) {
            disk.append(name, java.util.Arrays.copyOf(content, content.length / 2));
            version++;
            throw crash();
        }
        disk.append(name, content);
        version++;
        if (hit) {
            throw crash();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        boolean hit = hits(name, null);
        failIfArmedToFail(hit, "delete " + name);
        if (hit && when == When.BEFORE) {
            throw crash();
        }
        disk.delete(name);
        version++;
        if (hit) {
            throw crash();
        }
    }

    /** True once after a write or delete failed on purpose: this node must stop (the disk is then repaired). */
    public boolean takeFailure() {
        boolean was = failed;
        failed = false;
        return was;
    }

    private void failIfArmedToFail(boolean hit, String what) throws IOException {
        if (hit && when == When.FAIL) {
            failed = true;
            throw new IOException("simulated disk failure of " + node + ": " + what + " (no space left on device)");
        }
    }

    private SimulatedCrash crash() {
        onCrash.run();
        return new SimulatedCrash(node);
    }

    /** Whether this change is the armed one; consumes the arming if so. */
    private boolean hits(String name, byte[] content) {
        if (writesLeft > 0) {
            writesLeft--;
            return writesLeft == 0;
        }
        if (file != null && content != null && name.equals(file)
                && new String(content, StandardCharsets.UTF_8).contains(containing)) {
            file = null;
            return true;
        }
        return false;
    }
}
