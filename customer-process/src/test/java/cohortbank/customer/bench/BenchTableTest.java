package cohortbank.customer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's table reads back what it printed, and strace's summary is counted right. No timing here. */
class BenchTableTest {

    @Test
    void aPrintedTableReadsBackRowByRow() {
        BenchTable table = new BenchTable()
                .add("transfer -> delivered, p50", 6700, 17, "us", "UDP round trip")
                .add("acked transfers/s", 326.4, 58823.5, "/s", "1 / UDP round trip")
                .add("rollback: fsyncs", Double.NaN, 8, "", "strace missing or not allowed");

        String text = "bench --quick: run directory runs/x\n" + table.format() + "done\n";
        List<BenchTable.Row> rows = BenchTable.parse(text).rows();

        assertEquals(3, rows.size());
        assertEquals("transfer -> delivered, p50", rows.get(0).metric());
        assertEquals(6700, rows.get(0).value());
        assertEquals(17, rows.get(0).limit());
        assertEquals("us", rows.get(0).unit());
        assertEquals(326, rows.get(1).value(), 0.5);
        assertTrue(Double.isNaN(rows.get(2).value()));
        assertTrue(Double.isNaN(rows.get(2).ratio()));
        assertEquals("strace missing or not allowed", rows.get(2).note());
    }

    @Test
    void theRatioIsValueOverLimitWithTwoDecimals() {
        String text = new BenchTable().add("open p50", 3.7, 1.5, "ms", "1 durable write").format();

        assertTrue(text.contains("| open p50 | 3.700 ms | 1.500 ms | 2.47 | 1 durable write |"), text);
    }

    @Test
    void textWithoutTheTableIsRefusedSayingWhatIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchTable.parse("no table\n"));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRefusedNamingItsLine() {
        String text = BenchTable.HEADER + "\n|---|---:|---:|---:|---|\n| a | 1 | 2 |\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchTable.parse(text));
        assertTrue(e.getMessage().startsWith("line 3"), e.getMessage());
    }

    @Test
    void straceSummaryCountsFsyncAndFdatasyncCalls() {
        String summary = """
                % time     seconds  usecs/call     calls    errors syscall
                ------ ----------- ----------- --------- --------- ----------------
                 90.00    0.000900         112         8           fsync
                 10.00    0.000100          50         2         1 fdatasync
                ------ ----------- ----------- --------- --------- ----------------
                100.00    0.001000         100        10         1 total
                """;
        assertEquals(10, StraceSummary.calls(summary));
        assertEquals(0, StraceSummary.calls("% time     seconds  usecs/call     calls    errors syscall\n"));
        assertTrue(Double.isNaN(StraceSummary.calls("strace: attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted\n")));
    }
}
