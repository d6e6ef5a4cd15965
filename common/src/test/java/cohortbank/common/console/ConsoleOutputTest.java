package cohortbank.common.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class ConsoleOutputTest {

    private static final int THREADS = 4;
    private static final int LINES_EACH = 500;

    @Test
    void linesFromManyThreadsArriveWholeAndNoneIsLost() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleOutput output = ConsoleOutput.of(new PrintStream(bytes, false, StandardCharsets.UTF_8));
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String name = "thread" + t;
            Thread thread = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < LINES_EACH; i++) {
                    if (i % 10 == 0) {
                        output.printLines(List.of(name + " table " + i, name + " SUCCESS " + i));
                    } else {
                        output.println("EVENT " + name + " line " + i + " " + "x".repeat(i % 40));
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(THREADS * (LINES_EACH + LINES_EACH / 10), lines.size());
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertTrue(line.matches("EVENT thread\\d line \\d+ x*|thread\\d (table|SUCCESS) \\d+"), line);
            if (line.contains(" table ")) {
                assertEquals(line.replace(" table ", " SUCCESS "), lines.get(i + 1), "block split");
            }
            assertTrue(distinct.add(line), "duplicate " + line);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
