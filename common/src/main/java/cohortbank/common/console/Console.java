package cohortbank.common.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The console loop of a process: reads command lines and hands each to a {@link LineHandler};
 * anything the process prints goes through {@link #output()}.
 *
 * <p>Two modes, chosen when the console is opened:
 * <ul>
 *   <li><b>interactive</b> (stdin is a terminal): a JLine prompt such as {@code alice> } with
 *       line editing, history, tab completion of command names (each shown with its usage),
 *       Ctrl-C to clear the line and Ctrl-D to end; output from other threads is printed above
 *       the prompt so it never garbles what the user is typing;</li>
 *   <li><b>piped</b> (stdin is a pipe or file): no prompt, no escape codes, no JLine; every line
 *       flushed as written; end of input ends the loop.</li>
 * </ul>
 *
 * <p>In both modes lines are trimmed and blank lines are skipped. The console is not
 * thread-safe except for its {@link #output()}: one thread opens it, runs it and closes it.
 */
public final class Console implements AutoCloseable {

    /** Receives each command line typed or piped in. */
    @FunctionalInterface
    public interface LineHandler {
        /**
         * Handles one trimmed, non-blank line. Must return only once the line's result has been
         * printed, so that piped input yields its results in order.
         *
         * @return false to end the console loop (the user quit), true to read the next line
         */
        boolean handle(String line);
    }

    /** Source of raw lines; {@code null} means end of input. */
    private interface LineSource extends AutoCloseable {
        String next() throws IOException;

        @Override
        void close();
    }

    private final LineSource source;
    private final ConsoleOutput output;

    private Console(LineSource source, ConsoleOutput output) {
        this.source = source;
        this.output = output;
    }

    /**
     * Opens the console on {@code System.in} and {@code System.out}, interactive exactly when the
     * JVM has a terminal ({@code System.console() != null}); history is kept in memory only.
     */
    public static Console open(String processName, List<CommandSpec> commands) throws IOException {
        return open(processName, commands, Optional.empty());
    }

    /**
     * Like {@link #open(String, List)}, but in interactive mode the history is also loaded from and
     * appended to {@code historyFile} (its directory is created when missing).
     */
    public static Console open(String processName, List<CommandSpec> commands, Path historyFile)
            throws IOException {
        return open(processName, commands, Optional.of(historyFile));
    }

    /**
     * Opens the console on the given streams. With {@code interactive} false the streams are used
     * as they are; with true a JLine terminal is built over them (the real system terminal when
     * they are {@code System.in} and {@code System.out}). The streams are not closed by
     * {@link #close()}.
     *
     * @param processName shown in the prompt, as in {@code alice> }
     * @param commands    the commands offered by tab completion; names must be distinct
     * @throws IOException when the terminal cannot be set up
     */
    public static Console open(String processName, List<CommandSpec> commands, InputStream in,
                               PrintStream out, boolean interactive) throws IOException {
        return open(processName, commands, in, out, interactive, Optional.empty());
    }

    private static Console open(String processName, List<CommandSpec> commands,
                                Optional<Path> historyFile) throws IOException {
        return open(processName, commands, System.in, System.out, System.console() != null, historyFile);
    }

    private static Console open(String processName, List<CommandSpec> commands, InputStream in,
                                PrintStream out, boolean interactive, Optional<Path> historyFile)
            throws IOException {
        requireDistinctNames(commands);
        if (!interactive) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()));
            return new Console(new LineSource() {
                @Override
                public String next() throws IOException {
                    return reader.readLine();
                }

                @Override
                public void close() {
                    // The caller owns the streams.
                }
            }, ConsoleOutput.of(out));
        }
        return openTerminal(processName, commands, in, out, historyFile);
    }

    private static Console openTerminal(String processName, List<CommandSpec> commands, InputStream in,
                                        PrintStream out, Optional<Path> historyFile) throws IOException {
        TerminalBuilder builder = TerminalBuilder.builder().name(processName);
        if (in == System.in && out == System.out) {
            // dumb(true): a terminal JLine cannot drive still gets a plain prompt, without a warning.
            builder.system(true).dumb(true);
        } else {
            builder.system(false).streams(in, out);
        }
        Terminal terminal = builder.build();
        LineReaderBuilder readerBuilder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName(processName)
                .completer(new CommandCompleter(commands))
                // '!' and '^' are ordinary characters in commands, not history references.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
                .option(LineReader.Option.AUTO_FRESH_LINE, true);
        if (historyFile.isPresent()) {
            Path file = historyFile.get().toAbsolutePath();
            Files.createDirectories(file.getParent());
            readerBuilder.variable(LineReader.HISTORY_FILE, file);
        }
        LineReader reader = readerBuilder.build();
        String prompt = processName + "> ";
        LineSource source = new LineSource() {
            @Override
            public String next() {
                while (true) {
                    try {
                        return reader.readLine(prompt);
                    } catch (UserInterruptException ctrlC) {
                        // Ctrl-C abandons the line being typed; the process carries on.
                    } catch (EndOfFileException ctrlD) {
                        return null;
                    }
                }
            }

            @Override
            public void close() {
                try {
                    reader.getHistory().save();
                } catch (IOException e) {
                    // Losing history is not worth failing the shutdown for.
                }
                try {
                    terminal.close();
                } catch (IOException e) {
                    // The terminal is restored as far as it can be; nothing else to do.
                }
            }
        };
        return new Console(source, new TerminalOutput(reader));
    }

    private static void requireDistinctNames(List<CommandSpec> commands) {
        Set<String> names = new HashSet<>();
        for (CommandSpec command : commands) {
            if (!names.add(command.name())) {
                throw new IllegalArgumentException("command '" + command.name() + "' listed twice");
            }
        }
    }

    /** Where the process prints results, tables and {@code EVENT} lines, from any thread. */
    public ConsoleOutput output() {
        return output;
    }

    /**
     * Reads lines until end of input (end of the pipe, or Ctrl-D) or until the handler returns
     * false. Blank lines are skipped; every other line is trimmed and handed over.
     *
     * @throws UncheckedIOException when reading the input fails
     */
    public void run(LineHandler handler) {
        while (true) {
            String raw;
            try {
                raw = source.next();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the console input", e);
            }
            if (raw == null) {
                return;
            }
            String line = raw.strip();
            if (!line.isEmpty() && !handler.handle(line)) {
                return;
            }
        }
    }

    /**
     * The {@code help} table: one row per command (usage and what it does), then a
     * {@code SUCCESS} result line.
     */
    public static List<String> helpLines(List<CommandSpec> commands) {
        List<List<String>> rows = new ArrayList<>();
        for (CommandSpec command : commands) {
            rows.add(List.of(command.usage(), command.help()));
        }
        List<String> lines = new ArrayList<>(Tables.render(List.of("command", "what it does"), rows));
        lines.add("SUCCESS " + commands.size() + " commands");
        return lines;
    }

    /** Restores the terminal and saves the history; the caller's streams stay open. */
    @Override
    public void close() {
        source.close();
    }
}
