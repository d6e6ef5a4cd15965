package cohortbank.customer.watch;

import cohortbank.common.console.CommandLines;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/watch RUN_DIR [--port N]}: serves the live view of a run ({@link WatchServer})
 * on 127.0.0.1 and prints one line, {@code SUCCESS watching RUN_DIR at http://127.0.0.1:PORT/},
 * then serves until stopped (Ctrl-C, or a signal). Exit 2 with one {@code FAILURE} line for a
 * bad option, a missing directory or a port that cannot be bound.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Serves a page on 127.0.0.1 with a run's bank table and space-time diagram, updated as the processes act.")
public final class WatchMain {

    static final String USAGE = "usage: watch RUN_DIR [--port N]";

    @Parameters(paramLabel = "RUN_DIR", description = "the run directory (data.csv and *.trace), e.g. runs/demo-<time>")
    Path runDir;

    @Option(names = "--port", paramLabel = "N", description = "the port on 127.0.0.1 (default: a free one)")
    int port;

    /** A started server, or the exit code of a command line that started none. */
    record Started(Optional<WatchServer> server, int exitCode) {
        static Started none(int exitCode) {
            return new Started(Optional.empty(), exitCode);
        }
    }

    public static void main(String[] args) {
        Started started = start(args, System.out, System.err);
        Optional<WatchServer> server = started.server();
        if (server.isEmpty()) {
            System.exit(started.exitCode());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.get().close();
            stopped.countDown();
        }, "watch-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Parses the command line and starts serving; none (after printing why, or the help) when it does not. */
    static Started start(String[] args, PrintStream out, PrintStream err) {
        WatchMain options = new WatchMain();
        OptionalInt end = CommandLines.parse(new CommandLine(options), args, USAGE, "watch 1.0.0", out, err);
        if (end.isPresent()) {
            return Started.none(end.getAsInt());
        }
        if (options.port < 0 || options.port > 65535) {
            err.println("FAILURE bad option --port " + options.port + ": must be 0-65535 (" + USAGE + ")");
            return Started.none(2);
        }
        if (!Files.isDirectory(options.runDir)) {
            err.println("FAILURE no run directory " + options.runDir + " (" + USAGE + ")");
            return Started.none(2);
        }
        Path dir = options.runDir.toAbsolutePath().normalize();
        try {
            WatchServer server = WatchServer.start(dir, options.port);
            out.println("SUCCESS watching " + dir + " at " + server.address());
            out.flush();
            return new Started(Optional.of(server), 0);
        } catch (IOException e) {
            err.println("FAILURE cannot serve on 127.0.0.1:" + options.port + ": " + e.getMessage());
            return Started.none(2);
        }
    }
}
