package cohortbank.customer.runner;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One bank or customer JVM driven through pipes, as the console contract allows: with stdin a
 * pipe there is no prompt, every command gets exactly one {@code SUCCESS}/{@code FAILURE} line
 * (tables before it), and unprompted {@code EVENT} lines may come at any time.
 *
 * <p>A reader thread sorts stdout into results (in order, each with the table lines before
 * it) and events, and appends every line, and every line typed, to the transcript file.
 * Every wait is bounded. Thread-safe: the reader thread and the runner share it through this
 * object's monitor.
 */
public final class ConsoleProcess implements AutoCloseable {

    /** A command's result line and the table lines printed before it. */
    public record Result(List<String> table, String line) {
        public Result {
            table = List.copyOf(table);
        }
    }

    private static final int TAIL = 20;

    private final String name;
    private final Process process;
    private final PrintWriter stdin;
    private final BufferedWriter transcript;
    private final Path stderr;
    private final Consumer<String> onEvent;
    private final Deque<Result> results = new ArrayDeque<>();
    private final List<String> events = new ArrayList<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private List<String> table = new ArrayList<>();
    private int eventCursor;
    private boolean ended;
    private boolean closed;
    private Thread reader;

    private ConsoleProcess(String name, Process process, BufferedWriter transcript, Path stderr,
            Consumer<String> onEvent) {
        this.name = name;
        this.process = process;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.transcript = transcript;
        this.stderr = stderr;
        this.onEvent = onEvent;
    }

    /**
     * Starts the process in {@code workDir}, appending its console to {@code transcript} and its
     * stderr to {@code stderr}. It is not ready for commands until {@link #awaitReady} says so.
     *
     * @param onEvent told each {@code EVENT} line as it arrives (on the reader thread)
     * @throws IOException when the JVM cannot be started
     */
    public static ConsoleProcess launch(String name, List<String> command, Path workDir, Path transcript,
            Path stderr, Consumer<String> onEvent) throws IOException {
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
        BufferedWriter writer = Files.newBufferedWriter(transcript, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ConsoleProcess handle = new ConsoleProcess(name, process, writer, stderr, onEvent);
        handle.record("# started: " + String.join(" ", withoutClassPath(command)));
        handle.reader = new Thread(handle::pump, "console-" + name);
        handle.reader.setDaemon(true);
        handle.reader.start();
        return handle;
    }

    /**
     * Waits at most {@code startMillis} for the first line, which must be the
     * {@code SUCCESS ... listening} line both processes print once their ports are bound.
     *
     * @throws IOException saying why it did not come up, with its stderr; the process is killed
     */
    public void awaitReady(long startMillis) throws IOException, InterruptedException {
        Result first = result(startMillis);
        if (first == null || !first.line().startsWith("SUCCESS")) {
            kill();
            throw new IOException(name + " did not start: " + (first == null ? "no first line within "
                    + startMillis + " ms" : first.line()) + stderrSummary(stderr));
        }
    }

    /** The command line with a long class path shortened, for the transcript. */
    private static List<String> withoutClassPath(List<String> command) {
        List<String> shown = new ArrayList<>(command);
        int cp = shown.indexOf("-cp");
        if (cp >= 0 && cp + 1 < shown.size()) {
            shown.set(cp + 1, "(class path)");
        }
        return shown;
    }

    private static String stderrSummary(Path stderr) {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : "; stderr: " + String.join(" | ", lines.subList(
                    Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                accept(line);
            }
        } catch (IOException e) {
            // The process is gone; ended below tells the waiters.
        }
        synchronized (this) {
            ended = true;
            record("# output ended");
            notifyAll();
        }
    }

    private void accept(String line) {
        boolean event = line.startsWith("EVENT");
        synchronized (this) {
            record(line);
            if (event) {
                events.add(line);
            } else if (line.startsWith("SUCCESS") || line.startsWith("FAILURE")) {
                results.add(new Result(table, line));
                table = new ArrayList<>();
            } else {
                table.add(line);
            }
            notifyAll();
        }
        if (event) {
            onEvent.accept(line);
        }
    }

    /** Appends to the transcript and the tail; caller holds the monitor. */
    private void record(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL) {
            tail.removeFirst();
        }
        if (closed) {
            return;
        }
        try {
            transcript.write(line);
            transcript.newLine();
            transcript.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the transcript of " + name, e);
        }
    }

    public String name() {
        return name;
    }

    /**
     * Types one line into the process's console. Events that came before it are no longer
     * awaited: an {@link #awaitEvent} after this looks only at what the line may have caused.
     */
    public synchronized void send(String line) {
        record("> " + line);
        eventCursor = events.size();
        stdin.println(line);
    }

    /**
     * The next result not yet taken, waiting at most {@code timeoutMillis}; null if none came
     * in time or the output ended first.
     */
    public synchronized Result result(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (results.isEmpty() && !ended) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        return results.pollFirst();
    }

    /**
     * The first {@code EVENT} line matching {@code pattern} that came after the last line typed
     * (see {@link #send}) and after the event the previous await matched (so an event that came
     * between the command and the await still counts), waiting at most
     * {@code timeoutMillis}; null if none came in time or the output ended first.
     */
    public synchronized String awaitEvent(Pattern pattern, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            for (int i = eventCursor; i < events.size(); i++) {
                if (pattern.matcher(events.get(i)).find()) {
                    eventCursor = i + 1;
                    return events.get(i);
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (ended || left <= 0) {
                return null;
            }
            wait(left);
        }
    }

    /** The last lines of its console (typed lines start with "> "), and its stderr's last lines. */
    public synchronized List<String> tail() {
        List<String> lines = new ArrayList<>(tail);
        String err = stderrSummary(stderr);
        if (!err.isEmpty()) {
            lines.add("(stderr" + err.substring(1) + ")");
        }
        return lines;
    }

    /** The operating system's id of the process (for /proc and strace). */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Ends input, which both processes treat as {@code quit}, without waiting. */
    public synchronized void endInputAsync() {
        record("# end of input");
        stdin.close();
    }

    /** Waits at most {@code timeoutMillis} for the process to end by itself. */
    public boolean waitForExit(long timeoutMillis) throws InterruptedException {
        return process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** {@code kill -9}: no shutdown hook, no saving, exactly a crash. Waits (bounded) until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            record("# killed");
        }
    }

    /** Kills the process if it is still running and closes the transcript. Idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            reader.join(2_000); // so the transcript gets the last lines
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            stdin.close();
            if (!closed) {
                closed = true;
                try {
                    transcript.close();
                } catch (IOException e) {
                    // Nothing more can be saved.
                }
            }
        }
    }
}
