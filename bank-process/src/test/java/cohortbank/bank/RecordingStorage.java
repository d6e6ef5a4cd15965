package cohortbank.bank;

import cohortbank.common.sim.MemoryStorage;
import cohortbank.common.store.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bank's disk for tests: in memory, outliving the bank (so a test can restart one on it),
 * recording each durable table (data.csv with its journal replayed, as a restart would read it)
 * every time a write or append changes it, and failing every write while {@link #failing}.
 */
final class RecordingStorage implements Storage {

    final MemoryStorage disk = new MemoryStorage();
    /** Every durable table, in order: one entry per change of the table a restart would read. */
    final List<BankTable> tables = new ArrayList<>();
    boolean failing;
    /** When set, a write of data.csv (never the journal) throws it: a bug, not an I/O error. */
    volatile RuntimeException bugWritingTable;

    /** A bank store on this disk, with data.csv as its table file. */
    BankStore store() {
        return new BankStore(this, "data.csv", Path.of("data.csv"));
    }

    @Override
    public Optional<byte[]> read(String name) {
        return disk.read(name);
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        if (failing) {
            throw new IOException("disk full");
        }
        RuntimeException bug = bugWritingTable;
        if (bug != null && name.equals("data.csv")) {
            throw bug;
        }
        disk.write(name, content);
        recordTable();
    }

    @Override
    public void append(String name, byte[] content) throws IOException {
        if (failing) {
            throw new IOException("disk full");
        }
        disk.append(name, content);
        recordTable();
    }

    @Override
    public void delete(String name) throws IOException {
        disk.delete(name);
    }

    private void recordTable() {
        BankTable table;
        try {
            table = store().read().table();
        } catch (BankDataException e) {
            throw new AssertionError("the bank wrote files it cannot read", e);
        }
        if (tables.isEmpty() || !tables.get(tables.size() - 1).equals(table)) {
            tables.add(table);
        }
    }
}
