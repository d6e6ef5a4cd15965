package cohortbank.bank;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import cohortbank.common.store.AtomicFile;
import cohortbank.common.wire.Args;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * data.csv: the bank's table as CSV with the header
 * {@code name,balance,ip_address,port1,port2,cohort,exit_state}.
 *
 * <p>{@code balance} has two decimals ({@code 90.00}); {@code cohort} is a positive id or empty;
 * {@code exit_state} is {@code active} or {@code exited}. Writes replace the file atomically
 * and durably ({@link AtomicFile}). Reading is strict: any bad header, row or cross-row
 * conflict is a {@link BankDataException} naming file, line and problem.
 */
public final class CsvBankStore {

    public static final List<String> HEADER =
            List.of("name", "balance", "ip_address", "port1", "port2", "cohort", "exit_state");

    private static final Pattern COHORT_ID = Pattern.compile("[1-9][0-9]{0,8}");

    private final Path file;

    public CsvBankStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the table; a missing file is an empty table.
     *
     * @throws BankDataException naming file, line and problem when the file cannot be used
     */
    public BankTable load() throws BankDataException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return BankTable.empty();
        } catch (IOException e) {
            throw new BankDataException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(bytes);
    }

    /** Reads a table from the bytes of a data file, as strictly as {@link #load}. */
    public BankTable parse(byte[] bytes) throws BankDataException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BankDataException(file + ": not valid UTF-8 text");
        }
        return parse(text);
    }

    BankTable parse(String text) throws BankDataException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark left by a spreadsheet
        }
        List<CustomerRecord> records = new ArrayList<>();
        Map<String, Long> lineOfName = new HashMap<>();
        Map<Integer, List<Long>> linesOfCohort = new HashMap<>();
        // Each port of every active row so far: a clash is one look-up, not a walk of earlier rows.
        Map<Long, CustomerRecord> activeAt = new HashMap<>();
        Map<String, String> addresses = new HashMap<>();
        try (CSVReader reader = new CSVReaderBuilder(new StringReader(text))
                .withCSVParser(new RFC4180ParserBuilder().build()).build()) {
            String[] header = reader.readNext();
            if (header == null) {
                throw problem(1, "missing header; expected " + String.join(",", HEADER));
            }
            if (!List.of(header).equals(HEADER)) {
                throw problem(1, "bad header '" + String.join(",", header) + "'; expected "
                        + String.join(",", HEADER));
            }
            String[] row;
            while ((row = reader.readNext()) != null) {
                long line = reader.getLinesRead();
                if (row.length == 1 && row[0].isBlank()) {
                    continue; // an empty line is not a row
                }
                // Customers share a few addresses: one String each, not one per row (a million rows).
                if (row.length == HEADER.size()) {
                    row[2] = addresses.computeIfAbsent(row[2], a -> a);
                }
                CustomerRecord r = row(line, row);
                Long earlier = lineOfName.putIfAbsent(r.name(), line);
                if (earlier != null) {
                    throw problem(line, "customer '" + r.name() + "' already on line " + earlier);
                }
                if (r.active()) {
                    for (int port : new int[] {r.port1(), r.port2()}) {
                        CustomerRecord other = activeAt.putIfAbsent(BankTable.portKey(r.ip(), port), r);
                        if (other != null) {
                            throw problem(line, "address " + r.ip() + " port " + r.port1() + " or " + r.port2()
                                    + " already used by active customer '" + other.name() + "' on line "
                                    + lineOfName.get(other.name()));
                        }
                    }
                }
                if (r.inCohort()) {
                    linesOfCohort.computeIfAbsent(r.cohort(), id -> new ArrayList<>()).add(line);
                }
                records.add(r);
            }
        } catch (IOException | CsvException e) {
            throw new BankDataException(file + ": not readable as CSV: " + e.getMessage(), e);
        }
        for (Map.Entry<Integer, List<Long>> cohort : linesOfCohort.entrySet()) {
            if (cohort.getValue().size() < 2) {
                throw problem(cohort.getValue().get(0), "cohort " + cohort.getKey()
                        + " has only this one member; a cohort has at least 2");
            }
        }
        return BankTable.of(records);
    }

    /** One row from its seven fields, as strictly as a line of the file; {@code line} names it in errors. */
    CustomerRecord row(long line, String[] row) throws BankDataException {
        if (row.length != HEADER.size()) {
            throw problem(line, "expected " + HEADER.size() + " fields (" + String.join(",", HEADER)
                    + "), got " + row.length);
        }
        String name = row[0];
        if (!Args.NAME.matcher(name).matches()) {
            throw problem(line, "bad name '" + name + "'");
        }
        Money balance;
        try {
            balance = Money.parseNonNegative(row[1]);
        } catch (IllegalArgumentException e) {
            throw problem(line, "bad balance: " + e.getMessage());
        }
        if (!Endpoint.isIpv4(row[2])) {
            throw problem(line, "bad ip_address '" + row[2] + "'");
        }
        int port1 = port(line, "port1", row[3]);
        int port2 = port(line, "port2", row[4]);
        if (port1 == port2) {
            throw problem(line, "port1 and port2 are both " + port1);
        }
        int cohort = CustomerRecord.NO_COHORT;
        if (!row[5].isEmpty()) {
            if (!COHORT_ID.matcher(row[5]).matches()) {
                throw problem(line, "bad cohort '" + row[5] + "': expected a positive whole number or empty");
            }
            cohort = Integer.parseInt(row[5]);
        }
        boolean exited = switch (row[6]) {
            case "active" -> false;
            case "exited" -> true;
            default -> throw problem(line, "bad exit_state '" + row[6] + "': expected active or exited");
        };
        if (exited && cohort != CustomerRecord.NO_COHORT) {
            throw problem(line, "exited customer '" + name + "' is in cohort " + cohort);
        }
        return new CustomerRecord(name, balance, row[2], port1, port2, cohort, exited);
    }

    private int port(long line, String column, String text) throws BankDataException {
        try {
            return Endpoint.parsePort(text);
        } catch (IllegalArgumentException e) {
            throw problem(line, "bad " + column + ": " + e.getMessage());
        }
    }

    private BankDataException problem(long line, String what) {
        return new BankDataException(file + " line " + line + ": " + what);
    }

    /** Writes {@code table} atomically and durably. */
    public void save(BankTable table) throws IOException {
        AtomicFile.write(file, format(table).getBytes(StandardCharsets.UTF_8));
    }

    /** The seven fields of {@code r}'s row, in {@link #HEADER} order. */
    static String[] fields(CustomerRecord r) {
        return new String[] {
            r.name(), r.balance().toString(), r.ip(), String.valueOf(r.port1()),
            String.valueOf(r.port2()), r.inCohort() ? String.valueOf(r.cohort()) : "",
            r.exited() ? "exited" : "active"};
    }

    /** The file's text for {@code table}. */
    public static String format(BankTable table) {
        StringWriter out = new StringWriter();
        try (ICSVWriter writer = new CSVWriterBuilder(out).withLineEnd("\n").build()) {
            writer.writeNext(HEADER.toArray(String[]::new), false);
            for (CustomerRecord r : table.customers()) {
                writer.writeNext(fields(r), false);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toString();
    }
}
