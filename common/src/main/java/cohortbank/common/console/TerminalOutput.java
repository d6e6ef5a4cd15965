package cohortbank.common.console;

import java.util.List;

import org.jline.reader.LineReader;

/**
 * {@link ConsoleOutput} for a JLine terminal: every line is printed above the prompt and the
 * line being edited is redrawn below it. JLine's own lock serialises callers and flushes.
 */
final class TerminalOutput implements ConsoleOutput {

    private final LineReader reader;

    TerminalOutput(LineReader reader) {
        this.reader = reader;
    }

    @Override
    public void println(String line) {
        reader.printAbove(line);
    }

    @Override
    public void printLines(List<String> lines) {
        if (!lines.isEmpty()) {
            reader.printAbove(String.join("\n", lines));
        }
    }
}
