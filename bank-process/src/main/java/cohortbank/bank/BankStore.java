package cohortbank.bank;

import cohortbank.common.store.FileStorage;
import cohortbank.common.store.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bank's durable state behind the {@link Storage} seam: data.csv (the table, in the format
 * of {@link CsvBankStore}) and a sidecar next to it ({@code <data file>.state}, a
 * {@link BankState}) for what the table's seven columns cannot hold.
 *
 * <p>Contract: each save replaces one file atomically and is durable when it returns; when it
 * throws, a restart still reads the previous content. The two files are written in an order
 * that a crash between them cannot make wrong: a balance report is written to the sidecar
 * before data.csv, and {@link #load} applies a report that did not reach data.csv yet.
 * Reading is strict: anything unusable is a {@link BankDataException} naming file and line.
 */
public final class BankStore {

    /** What a (re)starting bank reads. */
    public record Contents(BankTable table, BankState state) {
    }

    private final Storage storage;
    private final String dataName;
    private final String stateName;
    private final CsvBankStore csv;
    private final String stateLabel;

    /**
     * @param storage  where both files live
     * @param dataName the table's file name in {@code storage} (usually {@code data.csv})
     * @param label    how error messages name the table's file (its path)
     */
    public BankStore(Storage storage, String dataName, Path label) {
        this.storage = storage;
        this.dataName = dataName;
        this.stateName = dataName + ".state";
        this.csv = new CsvBankStore(label);
        this.stateLabel = label + ".state";
    }

    /** Both files of the data file {@code dataFile}, in its directory. */
    public static BankStore at(Path dataFile) {
        Path dir = dataFile.toAbsolutePath().getParent();
        return new BankStore(new FileStorage(dir), dataFile.getFileName().toString(), dataFile);
    }

    /** Whether the table's file exists. */
    public boolean exists() throws IOException {
        return storage.read(dataName).isPresent();
    }

    /**
     * Reads both files; a missing table is empty and a missing sidecar is a fresh one that
     * knows the table's largest cohort id. A report newer than the table is applied to it
     * (and written), so the table never lags behind the sidecar.
     */
    public Contents load() throws BankDataException {
        Contents read = read();
        BankTable table = read.table();
        BankState state = read.state();
        BankTable reconciled = table;
        for (var report : state.reports().entrySet()) {
            Optional<CustomerRecord> c = reconciled.find(report.getKey());
            if (c.isPresent() && c.get().active() && !c.get().balance().equals(report.getValue().balance())) {
                reconciled = reconciled.with(c.get().withBalance(report.getValue().balance()));
            }
        }
        if (!reconciled.equals(table)) {
            try {
                saveTable(reconciled);
            } catch (IOException e) {
                throw new BankDataException(csv.file() + ": cannot write the balance reports it lacks: "
                        + e.getMessage(), e);
            }
        }
        return new Contents(reconciled, state);
    }

    /** Reads both files as they are, writing nothing (for an observer such as a checker). */
    public Contents read() throws BankDataException {
        Optional<byte[]> tableBytes = read(dataName);
        BankTable table = tableBytes.isPresent() ? csv.parse(tableBytes.get()) : BankTable.empty();
        Optional<byte[]> stateBytes = read(stateName);
        BankState state = stateBytes.isPresent() ? BankState.parse(stateLabel, stateBytes.get()) : BankState.initial();
        if (table.largestCohortId() > state.lastCohortId()) {
            state = state.withLastCohortId(table.largestCohortId());
        }
        return new Contents(table, state);
    }

    private Optional<byte[]> read(String name) throws BankDataException {
        try {
            return storage.read(name);
        } catch (IOException e) {
            throw new BankDataException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Replaces data.csv with {@code table}, durably. */
    public void saveTable(BankTable table) throws IOException {
        storage.write(dataName, CsvBankStore.format(table).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Replaces the sidecar with {@code state}, durably. */
    public void saveState(BankState state) throws IOException {
        storage.write(stateName, state.encode());
    }
}
