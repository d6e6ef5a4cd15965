package cohortbank.common.console;

import java.io.PrintStream;
import java.util.List;

/**
 * Where a process writes its console lines: command results, tables and unprompted
 * {@code EVENT} lines.
 *
 * <p>Contract for every implementation: safe to call from any thread; each line is written
 * whole (never interleaved with another thread's line) and flushed before the call returns;
 * never throws. A test can implement it with a lambda that collects lines.
 */
@FunctionalInterface
public interface ConsoleOutput {

    /** Writes one line; {@code line} carries no line terminator. */
    void println(String line);

    /**
     * Writes the lines as one block, so that no other thread's line lands between them (a table
     * followed by its result line stays together). The default suits single-threaded use only;
     * the implementations handed out by this package override it.
     */
    default void printLines(List<String> lines) {
        lines.forEach(this::println);
    }

    /** Plain output to a stream: no prompt to protect, no escape codes. */
    static ConsoleOutput of(PrintStream out) {
        return new StreamOutput(out);
    }
}
