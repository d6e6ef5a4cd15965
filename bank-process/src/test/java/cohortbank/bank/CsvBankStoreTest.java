package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvBankStoreTest {

    static final String HEADER = "name,balance,ip_address,port1,port2,cohort,exit_state\n";

    @TempDir
    Path dir;

    CsvBankStore store() {
        return new CsvBankStore(dir.resolve("data.csv"));
    }

    static BankTable sample() {
        return BankTable.of(List.of(
                new CustomerRecord("alice", Money.parse("90"), "127.0.0.1", 8501, 8502, 3, false),
                new CustomerRecord("bob", Money.parse("0.05"), "127.0.0.1", 8503, 8504, 3, false),
                CustomerRecord.opened("carol", Money.parse("1234567.8"), "10.0.0.7", 8505, 8506),
                new CustomerRecord("dave", Money.parse("12"), "127.0.0.1", 8501, 8502, 0, true)));
    }

    @Test
    void aSavedTableReadsBackEqual() throws Exception {
        store().save(sample());
        assertEquals(sample(), store().load());
    }

    @Test
    void theFileHasTheExactHeaderTwoDecimalBalancesAndEmptyCohortCells() throws Exception {
        store().save(sample());
        assertEquals(HEADER
                + "alice,90.00,127.0.0.1,8501,8502,3,active\n"
                + "bob,0.05,127.0.0.1,8503,8504,3,active\n"
                + "carol,1234567.80,10.0.0.7,8505,8506,,active\n"
                + "dave,12.00,127.0.0.1,8501,8502,,exited\n",
                Files.readString(dir.resolve("data.csv")));
        assertFalse(Files.exists(dir.resolve("data.csv.tmp")), "no temporary file left behind");
    }

    @Test
    void theRepositoryFileWithOnlyTheHeaderIsAnEmptyTable() throws Exception {
        Files.writeString(dir.resolve("data.csv"), HEADER);
        assertEquals(BankTable.empty(), store().load());
        store().save(BankTable.empty());
        assertEquals(HEADER, Files.readString(dir.resolve("data.csv")));
    }

    @Test
    void aMissingFileIsAnEmptyTable() throws Exception {
        assertEquals(0, store().load().size());
    }

    @Test
    void windowsLineEndingsAndABlankLastLineAreAccepted() throws Exception {
        Files.writeString(dir.resolve("data.csv"),
                HEADER.replace("\n", "\r\n") + "alice,1.00,127.0.0.1,8501,8502,,active\r\n\r\n");
        assertEquals(1, store().load().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "|line 1: missing header",
        "name,balance,ip,port1,port2,cohort,exit_state\n|line 1: bad header",
        "name,balance,ip_address,port1,port2,cohort\n|line 1: bad header",
        "H alice,1.00,127.0.0.1,8501,8502,,active,x|line 2: expected 7 fields",
        "H alice,1.00,127.0.0.1,8501|line 2: expected 7 fields",
        "H al ice,1.00,127.0.0.1,8501,8502,,active|line 2: bad name 'al ice'",
        "H alice,1.00,127.0.0.1,8501,8502,,active\nalice,2.00,127.0.0.1,8601,8602,,active|line 3: customer 'alice' already on line 2",
        "H alice,1.001,127.0.0.1,8501,8502,,active|line 2: bad balance",
        "H alice,-1.00,127.0.0.1,8501,8502,,active|line 2: bad balance",
        "H alice,1.00,127.0.0,8501,8502,,active|line 2: bad ip_address '127.0.0'",
        "H alice,1.00,127.0.0.1,99,8502,,active|line 2: bad port1",
        "H alice,1.00,127.0.0.1,8501,x,,active|line 2: bad port2",
        "H alice,1.00,127.0.0.1,8501,8501,,active|line 2: port1 and port2 are both 8501",
        "H alice,1.00,127.0.0.1,8501,8502,0,active|line 2: bad cohort '0'",
        "H alice,1.00,127.0.0.1,8501,8502,a,active|line 2: bad cohort 'a'",
        "H alice,1.00,127.0.0.1,8501,8502,,gone|line 2: bad exit_state 'gone'",
        "H alice,1.00,127.0.0.1,8501,8502,4,exited|line 2: exited customer 'alice' is in cohort 4",
        "H alice,1.00,127.0.0.1,8501,8502,,active\nbob,1.00,127.0.0.1,8502,8503,,active|line 3: address 127.0.0.1 port 8502 or 8503 already used by active customer 'alice' on line 2",
        "H alice,1.00,127.0.0.1,8501,8502,,active\nbob,1.00,127.0.0.1,8503,8504,5,active|line 3: cohort 5 has only this one member",
    })
    void aMalformedFileIsRejectedNamingFileLineAndProblem(String caseText) throws IOException {
        String[] parts = caseText.split("\\|");
        String content = parts[0].startsWith("H ") ? HEADER + parts[0].substring(2) + "\n" : parts[0];
        Path file = dir.resolve("data.csv");
        Files.writeString(file, content);
        BankDataException e = assertThrows(BankDataException.class, () -> store().load());
        assertTrue(e.getMessage().startsWith(file.toString() + " line "), e.getMessage());
        assertTrue(e.getMessage().contains(parts[1]), e.getMessage() + " should contain " + parts[1]);
    }

    @Test
    void aFileThatIsNotUtf8IsRejected() throws IOException {
        Files.write(dir.resolve("data.csv"), (HEADER + "al").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("data.csv"), new byte[] {(byte) 0xC3, (byte) 0x28}, java.nio.file.StandardOpenOption.APPEND);
        BankDataException e = assertThrows(BankDataException.class, () -> store().load());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }
}
