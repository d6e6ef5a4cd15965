package cohortbank.common.console;

import cohortbank.common.net.FaultControl;
import cohortbank.common.net.TransportLayer;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.trace.Tracer;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --trace FILE} option both processes accept (a picocli mixin): when given, the
 * process records a ShiViz-compatible trace of everything it sends, receives and does
 * ({@link Tracer}); {@code scripts/trace} turns a run's traces into pictures.
 *
 * <p>Holds the open tracer once {@link #open} succeeded, so that the process can record its
 * events and, at a clean end, {@link #quit}.
 */
public final class TraceOption {

    /** For the processes' one-line usage. */
    public static final String USAGE = "[--trace FILE]";

    @Option(names = "--trace", paramLabel = "FILE",
            description = "append a ShiViz-compatible trace of this process to FILE (see scripts/trace)")
    Path file;

    private Tracer tracer;

    /**
     * Opens the trace for {@code host}, when {@code --trace} was given.
     *
     * @throws StartupFailure (code 1) when the file cannot be read or written
     */
    public void open(String host) throws StartupFailure {
        if (file == null) {
            return;
        }
        try {
            tracer = Tracer.open(file, host);
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupFailure(1, "cannot start: cannot write the trace " + file + ": " + e.getMessage());
        }
    }

    /** The file, or null without {@code --trace}. */
    public Path file() {
        return file;
    }

    /** What wraps the process's transports: the tracer, or nothing. */
    public TransportLayer layer() {
        return tracer != null ? tracer : TransportLayer.NONE;
    }

    /** When tracing, has {@code faults} record in the trace every datagram it drops or duplicates. */
    public void observe(FaultControl faults) {
        if (tracer != null) {
            faults.observe(tracer);
        }
    }

    /** Records {@code event} when tracing; does nothing otherwise. */
    public void record(ProtocolEvent event) {
        if (tracer != null) {
            tracer.record(event);
        }
    }

    /** A clean end: records {@link ProtocolEvent.Quit} and closes the trace. Idempotent. */
    public void quit() {
        if (tracer != null) {
            tracer.record(new ProtocolEvent.Quit());
            tracer.close();
            tracer = null;
        }
    }
}
