package cohortbank.bank;

import cohortbank.common.console.CommandLines;
import cohortbank.common.console.Console;
import cohortbank.common.console.ConsoleOutput;
import cohortbank.common.console.FaultOptions;
import cohortbank.common.console.StartupFailure;
import cohortbank.common.console.TraceOption;
import cohortbank.common.log.ProcessLog;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultControl;
import cohortbank.common.net.TransportLayer;
import cohortbank.common.security.KeyFileException;
import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.store.FileStorage;
import cohortbank.common.store.StateDirectoryLock;
import cohortbank.common.trace.ProtocolEvent;
import java.util.function.Consumer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Starts the bank: {@code bank [--host 127.0.0.1] [--port 8500] [--data data.csv] [--seed N]
 * [--log FILE] [--trace FILE]} plus the fault-injection options of {@link FaultOptions}.
 *
 * <p>Exit codes: 0 after {@code quit} or end of input; 1 when the bank cannot start (bad
 * data file, port taken, log not writable); 2 for bad options. Every such problem is one
 * {@code FAILURE} line on stderr. The log goes to {@code --log}, by default
 * {@code logs/bank-<port>.log} in the directory of the data file; nothing is logged to the console,
 * which shows command results and one {@code EVENT} line for each request from the network.
 * On a terminal, the console's command history is kept beside the log ({@code bank-<port>.history}).
 */
@Command(name = "bank", mixinStandardHelpOptions = true,
        description = "The Cohort Bank registry: customers, cohorts and data.csv, on one UDP port.")
public final class BankMain {

    static final int DEFAULT_PORT = 8500;
    static final String USAGE = "usage: bank [--host IPV4] [--port N] [--data FILE] [--seed N] [--log FILE] "
            + FaultOptions.USAGE + " " + TraceOption.USAGE;

    @Option(names = "--host", description = "IPv4 address to listen on (default ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "UDP port 1024-65535 (default 8500; asked for on a terminal)")
    Integer port;

    @Option(names = "--data", description = "the bank's table (default ${DEFAULT-VALUE})")
    Path data = Path.of("data.csv");

    @Option(names = "--seed", description = "seed for picking cohort members (default: random, logged)")
    Long seed;

    @Option(names = "--log", description = "log file (default: logs/bank-<port>.log beside the data file)")
    Path logFile;

    @Mixin
    FaultOptions faultOptions = new FaultOptions();

    @Mixin
    TraceOption trace = new TraceOption();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the bank until quit; returns the exit code. */
    static int run(String[] args) {
        PrintStream err = System.err;
        BankMain options = new BankMain();
        OptionalInt early = CommandLines.parse(new CommandLine(options), args, USAGE, "bank 1.0.0", System.out, err);
        if (early.isPresent()) {
            return early.getAsInt();
        }
        try {
            return options.serve();
        } catch (StartupFailure e) {
            err.println("FAILURE " + e.getMessage());
            return e.code();
        } finally {
            options.trace.quit(); // any end but a kill is a clean one for the trace
        }
    }

    private int serve() throws StartupFailure {
        BankConfig config = BankConfig.DEFAULTS;
        Endpoint local = endpoint();
        FaultControl faults = faultOptions.control();
        try (StateDirectoryLock lock = lockData()) {
            return serve(config, local, faults);
        } catch (IOException e) {
            return 0; // releasing the lock failed as the process ends: the operating system releases it
        }
    }

    /**
     * Locks data.csv for this process: a second bank on the same table would append to the same
     * journal and rewrite the table from its own memory, losing the first one's acknowledged
     * changes, so it does not start (docs/DESIGN.md §8, careless users).
     */
    private StateDirectoryLock lockData() throws StartupFailure {
        try {
            return StateDirectoryLock.acquireBeside(data);
        } catch (StateDirectoryLock.InUse e) {
            throw new StartupFailure(1, "cannot start: " + e.getMessage() + "; stop the other bank on it first, or give"
                    + " this one its own --data");
        } catch (IOException e) {
            throw new StartupFailure(1, "cannot use " + data + ": cannot lock it: " + e);
        }
    }

    private int serve(BankConfig config, Endpoint local, FaultControl faults) throws StartupFailure {
        BankStore store;
        BankStore.Contents contents;
        try {
            store = BankStore.at(data);
            contents = store.load();
            if (!store.exists()) {
                store.saveTable(contents.table()); // so the table's file exists with its header from the start
            }
        } catch (BankDataException e) {
            throw new StartupFailure(1, "cannot start: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupFailure(1, "cannot use " + data + ": " + e.getMessage());
        }
        BankKeys keys = loadKeys();
        BankTable table = contents.table();
        Path logPath = logFile != null ? logFile
                : data.toAbsolutePath().getParent().resolve("logs").resolve("bank-" + local.port() + ".log");
        long actualSeed = seed != null ? seed : new SecureRandom().nextLong();
        trace.open("bank");
        trace.observe(faults);
        try (ProcessLog log = openLog(logPath);
             BankServer server = startServer(local, contents, store, actualSeed, config, log, faults, trace.layer(),
                     trace::record, keys)) {
            log.log("START", "data " + data.toAbsolutePath() + ", seed " + actualSeed
                    + ", faults " + faults.plan().describe() + " (fault seed " + faults.seed() + ")");
            System.out.println("SUCCESS bank listening on " + local + " (" + data + ": " + table.size()
                    + " customer" + (table.size() == 1 ? "" : "s") + "; log " + logPath + "; key "
                    + keys.identity().fingerprint() + ")");
            System.out.flush();
            server.onFailStop(failure -> {
                // Fail-stop: memory must not run behind or ahead of the disk; a restart resumes
                // from data.csv and its sidecar as after a crash.
                System.out.println("FAILURE bank stopped: " + failure.getMessage()
                        + "; nothing after the last durable write was acknowledged; fix the disk and restart the bank");
                log.log("STOP", "bank stopped after a failed durable write: " + failure.getMessage());
                System.out.flush();
                Runtime.getRuntime().halt(DurabilityFailure.EXIT_STATUS);
            });
            // One EVENT per request from the network, so that a watching person sees the bank work;
            // plain stdout until the console is open, so that no request goes untold meanwhile.
            AtomicReference<ConsoleOutput> output = new AtomicReference<>(ConsoleOutput.of(System.out));
            server.onAnswered((from, body, reply) -> {
                String line = BankConsole.answered(from, body, reply);
                log.log("EVENT", line);
                output.get().println("EVENT " + line);
            });
            Path history = logPath.resolveSibling("bank-" + local.port() + ".history");
            try (Console console = Console.open("bank", BankConsole.COMMANDS, history)) {
                output.set(console.output());
                // Longer than a cohort operation typed here (BankConfig.cohortOperationBudgetMillis).
                console.run(new BankConsole(server, console.output(), log, config.consoleWaitMillis()));
                output.set(ConsoleOutput.of(System.out)); // the terminal is about to be restored
            } catch (IOException e) {
                throw new StartupFailure(1, "cannot open the console: " + e.getMessage());
            }
            log.log("STOP", "bank stopped");
        }
        return 0;
    }

    /** The bank's identity and its customers' key bindings, kept beside the data file. */
    private BankKeys loadKeys() throws StartupFailure {
        Path dir = data.toAbsolutePath().getParent();
        try {
            return BankKeys.beside(new FileStorage(dir), data.getFileName().toString(), new SecureRandom());
        } catch (IOException | KeyFileException | IllegalArgumentException e) {
            throw new StartupFailure(1, "cannot start: the bank's key files beside " + data + ": " + e.getMessage());
        }
    }

    private static ProcessLog openLog(Path path) throws StartupFailure {
        try {
            return ProcessLog.open(path);
        } catch (IOException e) {
            throw new StartupFailure(1, "cannot start: " + e.getMessage());
        }
    }

    private static BankServer startServer(Endpoint local, BankStore.Contents contents, BankStore store, long seed,
                                          BankConfig config, ProcessLog log, FaultControl faults, TransportLayer outer,
                                          Consumer<ProtocolEvent> events, BankKeys keys) throws StartupFailure {
        try {
            return BankServer.start(local, contents, store, new Random(seed), config, log, faults, outer, events, keys);
        } catch (IOException e) {
            throw new StartupFailure(1, "cannot start: " + e.getMessage());
        } catch (DurabilityFailure e) {
            throw new StartupFailure(DurabilityFailure.EXIT_STATUS, "cannot start: " + e.getMessage());
        }
    }

    private Endpoint endpoint() throws StartupFailure {
        if (!Endpoint.isIpv4(host)) {
            throw new StartupFailure(2, "bad option --host '" + host + "': expected an IPv4 address like 127.0.0.1");
        }
        int chosen = port != null ? port : askPort();
        if (chosen < Endpoint.MIN_PORT || chosen > Endpoint.MAX_PORT) {
            throw new StartupFailure(2, "bad option --port " + chosen + ": expected " + Endpoint.MIN_PORT
                    + "-" + Endpoint.MAX_PORT);
        }
        return new Endpoint(host, chosen);
    }

    /** On a terminal, asks for the port (empty input means the default); otherwise the default. */
    private static int askPort() {
        java.io.Console terminal = System.console();
        if (terminal == null) {
            return DEFAULT_PORT;
        }
        while (true) {
            String answer = terminal.readLine("bank port [%d]: ", DEFAULT_PORT);
            if (answer == null || answer.isBlank()) {
                return DEFAULT_PORT;
            }
            try {
                return Endpoint.parsePort(answer.strip());
            } catch (IllegalArgumentException e) {
                terminal.printf("FAILURE %s%n", e.getMessage());
            }
        }
    }
}
