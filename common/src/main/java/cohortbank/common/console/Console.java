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
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.Size;
import org.jline.terminal.TerminalBuilder;

/**
 * The console loop of a process: reads command lines and hands each to a {@link LineHandler};
 * anything the process prints goes through {@link #output()}.
 *
 * <p>Two modes, chosen when the console is opened:
 * <ul>
 *   <li><b>interactive</b> (stdin is a terminal): a JLine prompt such as {@code customer> },
 *       which can follow a name learned later ({@link #showInPrompt}), with line editing,
 *       history, tab completion of command names (each shown with its usage) and of arguments
 *       the process knows ({@link #completeArgument}),
 *       Ctrl-C to clear the line (or, while a command waits, to stop waiting: see
 *       {@link #interrupt}) and Ctrl-D to end; output from other threads is printed above
 *       the prompt so it never garbles what the user is typing;</li>
 *   <li><b>piped</b> (stdin is a pipe or file): no prompt, no escape codes, no JLine; every line
 *       flushed as written; end of input, or Ctrl-C (SIGINT), ends the loop. The handler runs
 *       on the thread that reads the pipe, so a line reaches it without a hand-off between
 *       threads; {@link #run} waits for that thread.</li>
 * </ul>
 *
 * <p>In both modes lines are trimmed and blank lines are skipped, and one line is handled at a
 * time, in order. The console is not thread-safe except for its {@link #output()}: one thread
 * opens it, runs it and closes it.
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

        /**
         * Ctrl-C while {@link #handle} runs (called on another thread): stop waiting for the
         * line's result, so that {@link #handle} returns soon; whatever the command started
         * goes on. By default nothing is interrupted.
         */
        default void interrupt() {
        }
    }

    /** Where raw lines come from. */
    private interface LineSource extends AutoCloseable {
        /**
         * Hands each raw line to {@code handle} until the end of input, until {@code handle}
         * answers false, or until {@link #end}; a terminal shows {@code prompt}'s answer before
         * each line, a pipe shows nothing.
         */
        void forEach(Supplier<String> prompt, Predicate<String> handle) throws IOException;

        /** Ends {@link #forEach} as at the end of input, once no line is being handled (Ctrl-C on a pipe). */
        default void end() {
        }

        @Override
        void close();
    }

    private final LineSource source;
    private final ConsoleOutput output;
    private final boolean interactive;
    private final String processName;
    /** Tab completion on a terminal; null on a pipe. */
    private final CommandCompleter completer;
    /** The name in the prompt; null or blank answers mean {@link #processName}. */
    private volatile Supplier<String> promptName = () -> null;
    /** The handler while it handles a line, else null: what Ctrl-C interrupts. */
    private volatile LineHandler busy;

    private Console(LineSource source, ConsoleOutput output, boolean interactive, String processName,
                    CommandCompleter completer) {
        this.source = source;
        this.output = output;
        this.interactive = interactive;
        this.processName = processName;
        this.completer = completer;
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
     * @param processName shown in the prompt, as in {@code customer> }, until {@link #showInPrompt}
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
            Console console = new Console(new PipedLines(in), ConsoleOutput.of(out), false, processName, null);
            if (in == System.in) {
                // Ctrl-C (SIGINT) on a pipe ends the process cleanly, as end of input does,
                // instead of killing it like kill -9 with its live state unsaved.
                // sun.misc.Signal directly: JLine's Signals does the same through reflection and
                // starts java.util.logging on the way, tens of milliseconds of every start-up.
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> console.interrupt());
            }
            return console;
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
        if (terminal.getWidth() <= 0) {
            // Streams that are not a real terminal have no size; JLine cannot draw a prompt in 0 columns.
            terminal.setSize(new Size(80, 24));
        }
        CommandCompleter completer = new CommandCompleter(commands);
        LineReaderBuilder readerBuilder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName(processName)
                .completer(completer)
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
        LineSource source = new LineSource() {
            @Override
            public void forEach(Supplier<String> prompt, Predicate<String> handle) {
                while (true) {
                    String line;
                    try {
                        line = reader.readLine(prompt.get());
                    } catch (UserInterruptException ctrlC) {
                        continue; // Ctrl-C abandons the line being typed; the process carries on.
                    } catch (EndOfFileException ctrlD) {
                        return;
                    }
                    if (!handle.test(line)) {
                        return;
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
        Console console = new Console(source, new TerminalOutput(reader), true, processName, completer);
        // At the prompt JLine turns Ctrl-C into a cleared line; while a command runs the
        // terminal is not being read, and Ctrl-C would otherwise kill the JVM.
        terminal.handle(Terminal.Signal.INT, signal -> console.interrupt());
        return console;
    }

    /**
     * Lines of a pipe or file, read and handled on their own daemon thread: a line reaches its
     * handler with no hand-off between threads, and Ctrl-C can still end the console while the
     * pipe has nothing to say (the thread that called {@link #forEach} returns; the reader,
     * blocked in a read, handles nothing more).
     */
    private static final class PipedLines implements LineSource {

        private final BufferedReader reader;
        // All guarded by this.
        private boolean ended;
        private boolean handling;
        private boolean finished;
        private Throwable failure;

        PipedLines(InputStream in) {
            this.reader = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()));
        }

        @Override
        public void forEach(Supplier<String> prompt, Predicate<String> handle) throws IOException {
            Thread thread = new Thread(() -> readAll(handle), "console-input");
            thread.setDaemon(true);
            thread.start();
            synchronized (this) {
                try {
                    while (!finished && !(ended && !handling)) {
                        wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (failure instanceof IOException e) {
                    throw e;
                }
                if (failure instanceof RuntimeException e) {
                    throw e;
                }
                if (failure instanceof Error e) {
                    throw e;
                }
            }
        }

        private void readAll(Predicate<String> handle) {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (this) {
                        if (ended) {
                            return;
                        }
                        handling = true;
                    }
                    boolean more;
                    try {
                        more = handle.test(line);
                    } finally {
                        synchronized (this) {
                            handling = false;
                            if (ended) {
                                notifyAll(); // only forEach's wait for the end cares; no wake-up per line
                            }
                        }
                    }
                    if (!more) {
                        return;
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                synchronized (this) {
                    failure = e;
                }
            } finally {
                synchronized (this) {
                    finished = true;
                    notifyAll();
                }
            }
        }

        @Override
        public synchronized void end() {
            ended = true;
            notifyAll();
        }

        @Override
        public void close() {
            // The caller owns the streams.
        }
    }

    private static void requireDistinctNames(List<CommandSpec> commands) {
        Set<String> names = new HashSet<>();
        for (CommandSpec command : commands) {
            if (!names.add(command.name())) {
                throw new IllegalArgumentException("command '" + command.name() + "' listed twice");
            }
        }
    }

    /**
     * From now on the prompt shows {@code name}'s answer, asked before each line is read (for
     * example {@code alice> } once the customer knows who it is); a null or blank answer, or
     * one that throws, shows the process name given at {@link #open}. No effect on a pipe,
     * which has no prompt.
     */
    public void showInPrompt(Supplier<String> name) {
        this.promptName = name;
    }

    /**
     * On a terminal, Tab at an argument written {@code <placeholder>} in a command's usage (for
     * example {@code receiver} in {@code transfer <amount> <receiver>}) offers {@code words}'
     * answer, asked at each Tab; an answer that throws offers nothing. No effect on a pipe.
     */
    public void completeArgument(String placeholder, Supplier<List<String>> words) {
        if (completer != null) {
            completer.completeArgument(placeholder, words);
        }
    }

    private String prompt() {
        String name;
        try {
            name = promptName.get();
        } catch (RuntimeException e) {
            name = null; // a prompt is no reason to fail; the process name will do
        }
        return (name == null || name.isBlank() ? processName : name) + "> ";
    }

    /** True on a terminal (prompt, line editing); false on a pipe or file. */
    public boolean interactive() {
        return interactive;
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
        try {
            source.forEach(interactive ? this::prompt : () -> "", raw -> {
                String line = raw.strip();
                if (line.isEmpty()) {
                    return true;
                }
                busy = handler;
                try {
                    return handler.handle(line);
                } finally {
                    busy = null;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console input", e);
        }
    }

    /**
     * What Ctrl-C (SIGINT) does, from any thread: a line being handled stops waiting for its
     * result (its outcome arrives later as an {@code EVENT}); on a pipe the console then ends
     * as at end of input, so the process leaves cleanly. At an idle terminal prompt JLine
     * itself clears the line being typed.
     */
    public void interrupt() {
        LineHandler handler = busy;
        if (!interactive) {
            source.end();
        }
        if (handler != null) {
            handler.interrupt();
        }
    }

    /**
     * The {@code help} table: one row per command (usage and what it does), at most 80 columns
     * wide (long usages and descriptions continue on further lines, see {@link HelpTable}), then
     * a {@code SUCCESS} result line.
     */
    public static List<String> helpLines(List<CommandSpec> commands) {
        List<String> lines = new ArrayList<>(HelpTable.render(commands));
        lines.add("SUCCESS " + commands.size() + " commands");
        return lines;
    }

    /** Restores the terminal and saves the history; the caller's streams stay open. */
    @Override
    public void close() {
        source.close();
    }
}
