package cohortbank.bank;

import cohortbank.common.store.FileStorage;
import cohortbank.common.store.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bank's durable state behind the {@link Storage} seam: data.csv (the table, in the format
 * of {@link CsvBankStore}), a sidecar next to it ({@code <data file>.state}, a
 * {@link BankState}) for what the table's seven columns cannot hold, and a journal
 * ({@code <data file>.journal}, a {@link BankJournal}) of the changes since both were written.
 *
 * <p>Contract: {@link #append} adds records to the journal and is durable when it returns (a
 * crash during it can tear only its last record, which no one was told of). {@link #rewrite}
 * replaces data.csv and then the sidecar, each atomically, with the state in memory, and only
 * then empties the journal; a crash between those steps leaves files that the journal, replayed
 * again, brings to the same state. What is durable is always data.csv + sidecar + journal.
 * Within one record a balance report reaches the sidecar's facts before the table, and
 * {@link #load} applies a report that did not reach the table yet.
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
    private final String journalName;
    private final CsvBankStore journalRows;
    private final String journalLabel;

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
        this.journalName = dataName + ".journal";
        this.journalLabel = label + ".journal";
        this.journalRows = new CsvBankStore(Path.of(journalLabel));
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
     * Reads the files and replays the journal; a missing table is empty and a missing sidecar
     * is a fresh one that knows the table's largest cohort id. A report newer than the table
     * is applied to it. When the journal held anything, or a report was applied, data.csv and
     * the sidecar are rewritten and the journal emptied, so that the next append never
     * follows a torn record.
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
        if (reconciled != table || read(journalName).isPresent()) {
            try {
                rewrite(reconciled, state);
            } catch (IOException e) {
                throw new BankDataException(csv.file() + ": cannot write the changes its journal holds: "
                        + e.getMessage(), e);
            }
        }
        return new Contents(reconciled, state);
    }

    /** Reads the files as they are, the journal replayed, writing nothing (for an observer such as a checker). */
    public Contents read() throws BankDataException {
        Optional<byte[]> tableBytes = read(dataName);
        BankTable table = tableBytes.isPresent() ? csv.parse(tableBytes.get()) : BankTable.empty();
        Optional<byte[]> stateBytes = read(stateName);
        BankState state = stateBytes.isPresent() ? BankState.parse(stateLabel, stateBytes.get()) : BankState.initial();
        if (table.largestCohortId() > state.lastCohortId()) {
            state = state.withLastCohortId(table.largestCohortId());
        }
        Optional<byte[]> journal = read(journalName);
        Contents files = new Contents(table, state);
        return journal.isPresent() ? BankJournal.replay(journalLabel, journal.get(), files, journalRows) : files;
    }

    private Optional<byte[]> read(String name) throws BankDataException {
        try {
            return storage.read(name);
        } catch (IOException e) {
            throw new BankDataException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Appends {@code records} (each made by {@link BankJournal#record}) to the journal, durably. */
    public void append(byte[] records) throws IOException {
        storage.append(journalName, records);
    }

    /**
     * Writes data.csv and the sidecar from memory, then empties the journal: afterwards a restart
     * reads {@code table} and {@code state} without replaying anything.
     */
    public void rewrite(BankTable table, BankState state) throws IOException {
        saveTable(table);
        saveState(state);
        storage.delete(journalName);
    }

    /**
     * Replaces the journal, atomically and durably, with {@code records} (the ones appended since
     * data.csv and the sidecar were last written); none at all deletes it.
     */
    public void keepJournal(byte[] records) throws IOException {
        if (records.length == 0) {
            storage.delete(journalName);
        } else {
            storage.write(journalName, records);
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
