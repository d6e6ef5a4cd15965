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
 * recording every table written to data.csv, and failing every write while {@link #failing}.
 */
final class RecordingStorage implements Storage {

    final MemoryStorage disk = new MemoryStorage();
    /** Every table written to data.csv, in order. */
    final List<BankTable> tables = new ArrayList<>();
    boolean failing;

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
        disk.write(name, content);
        if (name.equals("data.csv")) {
            try {
                tables.add(new CsvBankStore(Path.of(name)).parse(content));
            } catch (BankDataException e) {
                throw new AssertionError("the bank wrote a table it cannot read", e);
            }
        }
    }

    @Override
    public void delete(String name) throws IOException {
        disk.delete(name);
    }
}
