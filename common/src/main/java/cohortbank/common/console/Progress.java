package cohortbank.common.console;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One line of progress for a long run on a terminal, rewritten in place with {@code \r}:
 * {@code seeds 1234/20000 (6%), 0 failures, 1m02s so far, about 15m left}.
 *
 * <p>Contract: a progress that is {@linkplain #quiet() quiet} writes nothing at all, so a run
 * whose output goes to a pipe or a file keeps exactly its usual lines. A live one redraws its
 * line at most every {@link #REDRAW_NANOS} (and always on the last item), keeps it under 80
 * columns so that it never wraps (a wrapped line cannot be rewritten), and steps aside for
 * the run's own lines: text printed through {@link #above(PrintStream)} erases the progress
 * line first and draws it again under the text. {@link #finish()} erases it for good.
 * Time comes from an injected nanosecond clock, so tests need no waiting. Thread-safe: a run's
 * lines may come from several threads.
 */
public final class Progress {

    /** At most this often (nanoseconds) is the line redrawn as items complete. */
    public static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int WIDTH = 79;

    private final PrintStream terminal;
    private final String unit;
    private final long total;
    private final LongSupplier nanos;
    private final long started;
    private long done;
    private long failures;
    private long drawnAt = Long.MIN_VALUE;
    private int shownWidth;
    private boolean finished;

    private Progress(PrintStream terminal, String unit, long total, LongSupplier nanos) {
        this.terminal = terminal;
        this.unit = unit;
        this.total = total;
        this.nanos = nanos;
        this.started = terminal == null ? 0 : nanos.getAsLong();
    }

    /**
     * Progress for {@code total} items named {@code unit} (plural, e.g. "seeds") on {@code terminal},
     * or quiet: {@code wanted} is the {@code --progress/--no-progress} choice, or null for "when
     * this process talks to a terminal" ({@link System#console()}: stdin and stdout are one; the
     * scripts add {@code --no-progress} when stderr is not a terminal).
     */
    public static Progress forTerminal(Boolean wanted, PrintStream terminal, String unit, long total) {
        boolean on = wanted != null ? wanted : System.console() != null;
        return on ? live(terminal, unit, total, System::nanoTime) : quiet();
    }

    /** A progress line on {@code terminal}, timed by {@code nanos}. */
    public static Progress live(PrintStream terminal, String unit, long total, LongSupplier nanos) {
        return new Progress(terminal, unit, total, nanos);
    }

    /** Progress that writes nothing (output is not a terminal). */
    public static Progress quiet() {
        return new Progress(null, "", 0, () -> 0);
    }

    public boolean isQuiet() {
        return terminal == null;
    }

    /** One more item done, failed or not; redraws the line when due. */
    public synchronized void advance(boolean failed) {
        if (terminal == null || finished) {
            return;
        }
        done++;
        if (failed) {
            failures++;
        }
        long now = nanos.getAsLong();
        if (done == total || drawnAt == Long.MIN_VALUE || now - drawnAt >= REDRAW_NANOS) {
            draw(now);
        }
    }

    /** Erases the line; the run's summary then prints on a clean line. */
    public synchronized void finish() {
        erase();
        finished = true;
    }

    /**
     * {@code out} such that whatever the run prints through it appears above the progress line:
     * the line is erased before the text and drawn again after each completed line of it.
     * A quiet progress returns {@code out} itself.
     */
    public PrintStream above(PrintStream out) {
        if (terminal == null) {
            return out;
        }
        return new PrintStream(new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                synchronized (Progress.this) {
                    erase();
                    out.write(bytes, offset, length);
                    out.flush();
                    if (length > 0 && bytes[offset + length - 1] == '\n' && !finished) {
                        draw(nanos.getAsLong());
                    }
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** The text of the line for these figures (no {@code \r}), at most 79 characters. */
    public static String line(String unit, long done, long total, long failures, long elapsedNanos) {
        StringBuilder s = new StringBuilder();
        s.append(unit).append(' ').append(done).append('/').append(total);
        if (total > 0) {
            s.append(" (").append(done * 100 / total).append("%)");
        }
        s.append(", ").append(failures).append(failures == 1 ? " failure" : " failures");
        s.append(", ").append(duration(elapsedNanos)).append(" so far");
        if (done > 0 && done < total) {
            // The average so far predicts the rest: runs of one kind take alike, give or take.
            long left = (long) ((double) elapsedNanos / done * (total - done));
            s.append(", about ").append(duration(left)).append(" left");
        }
        return s.length() > WIDTH ? s.substring(0, WIDTH) : s.toString();
    }

    /** {@code 42s}, {@code 3m07s}, {@code 1h02m}: short, and exact enough for a wait. */
    static String duration(long nanos) {
        long seconds = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(nanos));
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    private void draw(long now) {
        String text = line(unit, done, total, failures, now - started);
        // Pad over a longer line drawn before, then return to the line's start.
        String padded = text.length() < shownWidth ? text + " ".repeat(shownWidth - text.length()) : text;
        terminal.print("\r" + padded);
        terminal.flush();
        shownWidth = text.length();
        drawnAt = now;
    }

    private void erase() {
        if (terminal == null || shownWidth == 0) {
            return;
        }
        terminal.print("\r" + " ".repeat(shownWidth) + "\r");
        terminal.flush();
        shownWidth = 0;
    }
}
