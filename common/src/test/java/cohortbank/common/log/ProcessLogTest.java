package cohortbank.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import cohortbank.common.net.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-21T19:33:00.125Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void appendsTimestampedLinesInMissingDirectories() throws IOException {
        Path file = dir.resolve("runs/alice/alice.log");
        try (ProcessLog log = ProcessLog.open(file, CLOCK)) {
            log.log("CMD", "transfer 10 bob");
            log.log("STATE", "balance 90.00\nlabel 3");
            DatagramLog datagrams = new DatagramLog(log);
            datagrams.sent(new Endpoint("127.0.0.1", 8601), "transfer 1 10.00");
            datagrams.received(new Endpoint("127.0.0.1", 8602), "ack 1");
            datagrams.failed("send to 127.0.0.1:8601", new IOException("network unreachable"));
        }

        assertEquals(List.of(
                "2025-11-21T19:33:00.125Z CMD   transfer 10 bob",
                "2025-11-21T19:33:00.125Z STATE balance 90.00\\nlabel 3",
                "2025-11-21T19:33:00.125Z NET   send to 127.0.0.1:8601: transfer 1 10.00",
                "2025-11-21T19:33:00.125Z NET   recv from 127.0.0.1:8602: ack 1",
                "2025-11-21T19:33:00.125Z ERROR send to 127.0.0.1:8601 failed: "
                        + "java.io.IOException: network unreachable"),
                Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    @Test
    void reopeningAppendsAndClosedLogsIgnoreWrites() throws IOException {
        Path file = dir.resolve("bank.log");
        ProcessLog first = ProcessLog.open(file, CLOCK);
        first.log("CMD", "one");
        first.close();
        first.log("CMD", "after close");
        try (ProcessLog second = ProcessLog.open(file, CLOCK)) {
            second.error("event loop task", new IllegalStateException("bug"));
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("2025-11-21T19:33:00.125Z CMD   one", lines.get(0));
        assertEquals("2025-11-21T19:33:00.125Z ERROR event loop task: java.lang.IllegalStateException: bug",
                lines.get(1));
        assertTrue(lines.size() > 2 && lines.subList(2, lines.size()).stream()
                .allMatch(line -> line.startsWith("2025-11-21T19:33:00.125Z TRACE \tat ")), lines.toString());
    }

    @Test
    void theDiscardLogAcceptsEverything() {
        ProcessLog.discard().log("CMD", "nothing");
        ProcessLog.discard().error("nothing", new RuntimeException());
        ProcessLog.discard().close();
    }
}
