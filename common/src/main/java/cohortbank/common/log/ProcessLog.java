package cohortbank.common.log;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A process's log file: every command, datagram and state change, one line each, as
 * {@code <UTC time> <KIND> <message>}, for example
 * {@code 2025-11-21T19:33:00.125Z CMD   transfer 10 bob}.
 *
 * <p>Contract: safe to call from any thread; each line is appended whole; line breaks inside a
 * message are escaped so one entry is one line; nothing is ever written to the console; a
 * failure to write is swallowed and never reaches the caller (losing a log line must not change
 * what the process does). Calls after {@link #close()} are ignored. A log from {@link #open}
 * writes each line to the file before the call returns; one from {@link #openBuffered} keeps
 * lines in memory and writes them within its flush delay, at {@link #flush}, at {@link #close}
 * and when the JVM shuts down, so a process killed outright loses at most its last lines, never
 * anything else (the log is a record, not state).
 */
public final class ProcessLog implements AutoCloseable {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ProcessLog DISCARD = new ProcessLog(null, Clock.systemUTC(), 0);
    /** Room for a burst of lines: the buffer writes itself out only when full or flushed. */
    private static final int BUFFER_CHARS = 64 * 1024;

    private final Writer writer;
    private final Clock clock;
    /** How long a buffered line may wait in memory; 0 when every line is written at once. */
    private final long flushMillis;
    private boolean closed;
    /** Lines written since the last flush (buffered logs only). */
    private boolean dirty;
    private Thread shutdownHook;

    private ProcessLog(Writer writer, Clock clock, long flushMillis) {
        this.writer = writer;
        this.clock = clock;
        this.flushMillis = flushMillis;
    }

    /**
     * Opens {@code file} for appending, creating it and any missing parent directories.
     *
     * @throws IOException naming the file when it cannot be opened
     */
    public static ProcessLog open(Path file) throws IOException {
        return open(file, Clock.systemUTC());
    }

    /** Like {@link #open(Path)}, with the clock that stamps each line. */
    public static ProcessLog open(Path file, Clock clock) throws IOException {
        return new ProcessLog(writer(file), Objects.requireNonNull(clock, "clock"), 0);
    }

    /**
     * Like {@link #open(Path)}, but a line may wait up to {@code flushMillis} in memory before a
     * background thread writes it: the thread that logs (an event loop answering a datagram)
     * never waits for the disk. The thread sleeps while nothing is logged, so an idle process
     * stays idle. Everything is written at {@link #flush}, {@link #close} and JVM shutdown.
     *
     * @throws IOException naming the file when it cannot be opened
     */
    public static ProcessLog openBuffered(Path file, long flushMillis) throws IOException {
        if (flushMillis <= 0) {
            throw new IllegalArgumentException("flush delay must be positive, not " + flushMillis);
        }
        ProcessLog log = new ProcessLog(writer(file), Clock.systemUTC(), flushMillis);
        Thread flusher = new Thread(log::flushLoop, "log-flush");
        flusher.setDaemon(true);
        flusher.start();
        log.shutdownHook = new Thread(log::flush, "log-flush-at-exit");
        Runtime.getRuntime().addShutdownHook(log.shutdownHook);
        return log;
    }

    private static Writer writer(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(absolute,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), StandardCharsets.UTF_8), BUFFER_CHARS);
        } catch (IOException e) {
            throw new IOException("cannot open log file " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** A log that writes nothing, for tests and tools. */
    public static ProcessLog discard() {
        return DISCARD;
    }

    /**
     * Appends one line.
     *
     * @param kind a short upper-case word naming what happened: {@code CMD}, {@code OUT},
     *             {@code NET}, {@code STATE}, {@code EVENT}, {@code ERROR}...
     */
    public void log(String kind, String message) {
        if (writer == null) {
            return;
        }
        String line = stamp(clock.instant()) + padded(kind) + " " + escapeLineBreaks(message) + "\n";
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                writer.write(line);
                if (flushMillis == 0) {
                    writer.flush();
                } else if (!dirty) {
                    dirty = true;
                    notifyAll(); // the flusher writes this line, and those that follow it, soon
                }
            } catch (IOException e) {
                // Swallowed by contract: a full disk must not stop the bank.
            }
        }
    }

    /** The second a line was stamped in, formatted once: most lines share it with the line before. */
    private record Second(long epochSecond, String text) {
    }

    private volatile Second second = new Second(Long.MIN_VALUE, "");

    /** {@code 2025-11-21T19:33:00.125Z }: cheap, since a transfer logs several lines in the same second. */
    private String stamp(Instant now) {
        Second s = second;
        if (s.epochSecond() != now.getEpochSecond()) {
            String full = TIME.format(now); // uuuu-MM-ddTHH:mm:ss.SSSZ
            s = new Second(now.getEpochSecond(), full.substring(0, full.length() - 4));
            second = s;
        }
        int millis = now.getNano() / 1_000_000;
        return s.text() + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10) + (char) ('0' + millis % 10) + "Z ";
    }

    /** {@code kind} left-aligned in five columns, as {@code %-5s} would. */
    private static String padded(String kind) {
        return kind.length() >= 5 ? kind : kind + "     ".substring(kind.length());
    }

    /** Writes every line logged so far to the file. */
    public synchronized void flush() {
        if (writer == null || closed) {
            return;
        }
        dirty = false;
        try {
            writer.flush();
        } catch (IOException e) {
            // Swallowed by contract, as in log.
        }
    }

    /** The background writer of a buffered log: asleep until a line comes, then writes it out after the delay. */
    private void flushLoop() {
        try {
            while (true) {
                synchronized (this) {
                    while (!dirty && !closed) {
                        wait();
                    }
                    if (closed) {
                        return;
                    }
                }
                Thread.sleep(flushMillis); // lines logged meanwhile share this write
                flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Appends an {@code ERROR} line naming the cause. Causes other than {@link IOException} are
     * programming errors, so their stack trace follows as {@code TRACE} lines.
     */
    public void error(String message, Throwable cause) {
        log("ERROR", message + ": " + cause);
        if (cause instanceof IOException || writer == null) {
            return;
        }
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        trace.toString().lines().skip(1).forEach(traceLine -> log("TRACE", traceLine));
    }

    private static String escapeLineBreaks(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Writes what is buffered and closes the file; later calls are ignored. */
    @Override
    public synchronized void close() {
        if (writer == null || closed) {
            return;
        }
        closed = true;
        notifyAll(); // the flusher ends
        try {
            writer.close();
        } catch (IOException e) {
            // Nothing left to tell anyone.
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to; it finds the log closed.
            }
        }
    }
}
