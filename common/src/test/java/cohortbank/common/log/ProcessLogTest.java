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
    void stampsEveryLineWithItsOwnMillisecondsAndPadsShortKinds() throws IOException {
        Path file = dir.resolve("c.log");
        Instant[] now = {Instant.parse("2025-11-21T19:33:00.005Z")};
        Clock ticking = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        try (ProcessLog log = ProcessLog.open(file, ticking)) {
            log.log("NET", "a");
            now[0] = Instant.parse("2025-11-21T19:33:00.050Z");
            log.log("START", "b");
            now[0] = Instant.parse("2025-11-21T19:33:01.999Z");
            log.log("LONGER", "c");
        }
        assertEquals(List.of("2025-11-21T19:33:00.005Z NET   a", "2025-11-21T19:33:00.050Z START b",
                "2025-11-21T19:33:01.999Z LONGER c"), Files.readAllLines(file, StandardCharsets.UTF_8));
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
    void aBufferedLogKeepsLinesInMemoryUntilFlushedOrClosed() throws IOException {
        Path file = dir.resolve("customer.log");
        ProcessLog log = ProcessLog.openBuffered(file, 60_000); // the flusher would wait a minute
        log.log("CMD", "transfer 10 bob");
        assertEquals(List.of(), Files.readAllLines(file), "the caller did not wait for the disk");
        log.flush();
        List<String> flushed = Files.readAllLines(file);
        assertEquals(1, flushed.size());
        assertTrue(flushed.get(0).endsWith(" CMD   transfer 10 bob"), flushed.get(0));
        log.log("OUT", "SUCCESS transfer");
        log.close();
        assertEquals(2, Files.readAllLines(file).size(), "close writes what is left");
        log.log("CMD", "after close");
        assertEquals(2, Files.readAllLines(file).size());
    }

    @Test
    void aBufferedLogWritesItsLinesWithinTheFlushDelayUnasked() throws Exception {
        Path file = dir.resolve("customer.log");
        try (ProcessLog log = ProcessLog.openBuffered(file, 20)) {
            for (int round = 1; round <= 3; round++) { // the flusher sleeps between rounds, then wakes again
                log.log("NET", "round " + round);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (Files.readAllLines(file).size() < round && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertEquals(round, Files.readAllLines(file).size(), "round " + round + " written unasked");
            }
        }
    }

    @Test
    void theDiscardLogAcceptsEverything() {
        ProcessLog.discard().log("CMD", "nothing");
        ProcessLog.discard().error("nothing", new RuntimeException());
        ProcessLog.discard().close();
    }
}
