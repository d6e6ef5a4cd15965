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

    @Override
    public void printLines(List<String> lines) {
        synchronized (this) {
            lines.forEach(out::println);
            out.flush();
        }
    }
}
