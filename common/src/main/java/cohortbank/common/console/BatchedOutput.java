package cohortbank.common.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A {@link ConsoleOutput} whose lines written by one thread, the event loop, wait in memory
 * until that thread calls {@link #flush} (at the end of its turn), while lines from any other
 * thread are written at once, after whatever is waiting.
 *
 * <p>Why: a handler on the loop that prints (an {@code EVENT received ...} line, a transfer's
 * answer) would otherwise make a {@code write} to the console before it sends the datagram that
 * the other side waits for; and a burst of answers handled in one turn becomes one write instead
 * of one per line. The order of lines is the order of the calls, whichever thread made them:
 * a line from another thread first writes out every line waiting. The loop must flush at the end
 * of every turn and when it stops, so a line waits at most one turn.
 *
 * <p>Keeps the {@link ConsoleOutput} contract, except that a line written on the deferring thread
 * is flushed by {@link #flush}, not before the call returns.
 */
public final class BatchedOutput implements ConsoleOutput {

    private final ConsoleOutput out;
    /** True on the thread whose lines wait; set once, before that thread prints. */
    private volatile BooleanSupplier deferring = () -> false;
    /** Guarded by this. */
    private final List<String> waiting = new ArrayList<>();

    public BatchedOutput(ConsoleOutput out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** From now on, lines written while {@code onLoop} answers true wait for {@link #flush}. */
    public void deferWhen(BooleanSupplier onLoop) {
        this.deferring = Objects.requireNonNull(onLoop, "onLoop");
    }

    @Override
    public void println(String line) {
        printLines(List.of(line));
    }

    @Override
    public void printLines(List<String> lines) {
        synchronized (this) {
            if (deferring.getAsBoolean()) {
                waiting.addAll(lines);
                return;
            }
            writeWaiting();
            out.printLines(lines);
        }
    }

    /** Writes every waiting line, as one block; cheap when none waits. */
    public void flush() {
        synchronized (this) {
            writeWaiting();
        }
    }

    private void writeWaiting() {
        if (!waiting.isEmpty()) {
            List<String> lines = List.copyOf(waiting);
            waiting.clear();
            out.printLines(lines);
        }
    }
}
