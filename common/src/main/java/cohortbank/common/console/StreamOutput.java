package cohortbank.common.console;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/** {@link ConsoleOutput} over a {@link PrintStream}; one lock orders whole lines and blocks. */
final class StreamOutput implements ConsoleOutput {

    private final PrintStream out;

    StreamOutput(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void println(String line) {
        synchronized (this) {
            out.println(line);
            out.flush();
        }
    }

    /**
     * The block as one string: a {@link PrintStream} that flushes at every line (as
     * {@code System.out} does) then makes one {@code write} for the block instead of one per line.
     */
    @Override
    public void printLines(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder block = new StringBuilder();
        for (String line : lines) {
            block.append(line).append(System.lineSeparator());
        }
        synchronized (this) {
            out.print(block);
            out.flush();
        }
    }
}
