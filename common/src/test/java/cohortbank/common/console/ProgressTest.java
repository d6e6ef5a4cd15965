package cohortbank.common.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line's wording, its redraw pace and its silence off a terminal, on a clock the test turns. */
class ProgressTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);

    private void seconds(double s) {
        clock.addAndGet((long) (s * 1e9));
    }

    private String shown() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theLineSaysDoneOfTotalFailuresTimeSoFarAndTimeLeft() {
        assertEquals("seeds 250/1000 (25%), 1 failure, 1m00s so far, about 3m00s left",
                Progress.line("seeds", 250, 1000, 1, TimeUnit.SECONDS.toNanos(60)));
        assertEquals("scenarios 0/14 (0%), 0 failures, 0s so far", Progress.line("scenarios", 0, 14, 0, 0),
                "nothing done yet: no estimate");
        assertEquals("seeds 20000/20000 (100%), 3 failures, 1h02m so far",
                Progress.line("seeds", 20000, 20000, 3, TimeUnit.SECONDS.toNanos(3725)), "done: nothing left");
        assertTrue(Progress.line("x".repeat(100), 1, 2, 0, 0).length() <= 79, "never wraps an 80-column terminal");
    }

    @Test
    void itRedrawsOneLineInPlaceAtMostEveryFifthOfASecond() {
        Progress progress = Progress.live(terminal, "seeds", 4, clock::get);
        seconds(1);
        progress.advance(false);
        assertEquals("\rseeds 1/4 (25%), 0 failures, 1s so far, about 3s left", shown());
        seconds(0.1);
        progress.advance(true);
        assertEquals("\rseeds 1/4 (25%), 0 failures, 1s so far, about 3s left", shown(), "too soon: not redrawn");
        seconds(0.2);
        progress.advance(false);
        assertTrue(shown().endsWith("\rseeds 3/4 (75%), 1 failure, 1s so far, about 0s left "),
                "redrawn, padded over the longer line before: " + shown());
        progress.advance(false);
        assertTrue(shown().endsWith("\rseeds 4/4 (100%), 1 failure, 1s so far" + " ".repeat(14)), "the last is always drawn");
        assertEquals(-1, shown().indexOf('\n'), "one line, rewritten");
        progress.finish();
        assertTrue(shown().endsWith("\r" + " ".repeat(38) + "\r"), "finish erases the line for the summary");
    }

    @Test
    void theRunsOwnLinesPrintAboveTheProgressLine() {
        Progress progress = Progress.live(terminal, "seeds", 10, clock::get);
        PrintStream out = progress.above(terminal);
        progress.advance(false);
        String line = "\rseeds 1/10 (10%), 0 failures, 0s so far, about 0s left";
        out.println("FAILURE seed=2 broken");
        assertEquals(line + "\r" + " ".repeat(line.length() - 1) + "\r" + "FAILURE seed=2 broken\n" + line, shown());
        progress.finish();
        out.println("seeds=10 violations=1");
        assertTrue(shown().endsWith("\rseeds=10 violations=1\n"), "after finish, plain lines: " + shown());
    }

    @Test
    void quietProgressWritesNothingAndLeavesTheRunsStreamAsItIs() {
        Progress progress = Progress.quiet();
        assertSame(terminal, progress.above(terminal));
        progress.advance(true);
        progress.finish();
        assertTrue(progress.isQuiet());
        assertEquals("", shown());
    }

    @Test
    void withoutAChoiceItIsQuietWhenTheProcessDoesNotTalkToATerminal() {
        // Tests run with stdout piped to the build, as a run piped into a file or tee is.
        Progress auto = Progress.forTerminal(null, terminal, "seeds", 3);
        assertEquals(System.console() == null, auto.isQuiet());
        auto.advance(false);
        if (auto.isQuiet()) {
            assertEquals("", shown());
        }
        assertTrue(Progress.forTerminal(false, terminal, "seeds", 3).isQuiet(), "--no-progress");
        assertTrue(!Progress.forTerminal(true, terminal, "seeds", 3).isQuiet(), "--progress, even in a pipe");
    }
}
