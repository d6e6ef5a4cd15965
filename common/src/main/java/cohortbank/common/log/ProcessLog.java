package cohortbank.common.log;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A process's log file: every command, datagram and state change, one line each, as
 * {@code <UTC time> <KIND> <message>}, for example
 * {@code 2025-11-21T19:33:00.125Z CMD   transfer 10 bob}.
 *
 * <p>Contract: safe to call from any thread; each line is appended whole and flushed before the
 * call returns; line breaks inside a message are escaped so one entry is one line; nothing is
 * ever written to the console; a failure to write is swallowed and never reaches the caller
 * (losing a log line must not change what the process does). Calls after {@link #close()} are
 * ignored.
 */
public final class ProcessLog implements AutoCloseable {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ProcessLog DISCARD = new ProcessLog(null, Clock.systemUTC());

    private final Writer writer;
    private final Clock clock;
    private boolean closed;

    private ProcessLog(Writer writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
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
        Objects.requireNonNull(clock, "clock");
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            return new ProcessLog(Files.newBufferedWriter(absolute, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), clock);
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
        String line = TIME.format(clock.instant()) + " " + String.format("%-5s", kind) + " "
                + escapeLineBreaks(message) + "\n";
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                writer.write(line);
                writer.flush();
            } catch (IOException e) {
                // Swallowed by contract: a full disk must not stop the bank.
            }
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

    /** Closes the file; later calls are ignored. */
    @Override
    public synchronized void close() {
        if (writer == null || closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
        } catch (IOException e) {
            // Nothing left to tell anyone.
        }
    }
}
