package cohortbank.customer;

import cohortbank.common.console.CommandLines;
import cohortbank.common.console.Console;
import cohortbank.common.console.BatchedOutput;
import cohortbank.common.console.FaultOptions;
import cohortbank.common.console.StartupFailure;
import cohortbank.common.console.TraceOption;
import cohortbank.common.log.ProcessLog;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultControl;
import cohortbank.common.security.PublicKeys;
import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.store.FileStorage;
import cohortbank.common.store.StateDirectoryLock;
import cohortbank.common.store.Storage;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.bank.Member;
import cohortbank.customer.node.CustomerNode;
import cohortbank.customer.node.NodeListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Starts a customer: {@code customer [--bank HOST:PORT] [--host IPV4] [--port1 N] [--port2 N]
 * [--state-dir DIR] [--name NAME] [--log FILE] [--seed N] [--trace FILE]} plus the fault-injection
 * options of {@link FaultOptions}. The trace's host name is the {@code --name}, or
 * {@code customer-<port1>} without one.
 *
 * <p>On a terminal, a missing {@code --bank}, {@code --port1} or {@code --port2} is asked for;
 * otherwise it is an error. Exit codes: 0 after {@code quit}, a successful {@code exit} of this
 * customer, end of input, or Ctrl-C on a pipe; 1 when the process cannot start (port taken, log
 * not writable); 2 for bad or missing options; 3 when a durable write failed (disk full, I/O
 * error) and the process stopped at once, printing one {@code FAILURE stopped: ...} line on the
 * console. Start problems (1 and 2) are one {@code FAILURE} line on stderr.
 *
 * <p>Files: the customer's state lives in {@code --state-dir}, by default {@code state/<name>}
 * under the current directory (the name comes from {@code --name} or from a successful
 * {@code open}); the log goes to {@code --log}, by default {@code logs/customer-<port1>.log}
 * under the current directory. Nothing but results, tables and {@code EVENT} lines reaches
 * the console.
 */
@Command(name = "customer", mixinStandardHelpOptions = true,
        description = "A Cohort Bank customer: an account that transfers to its cohort peer to peer over UDP.")
public final class CustomerMain {

    static final String USAGE = "usage: customer --bank HOST:PORT --port1 N --port2 N [--host IPV4] "
            + "[--state-dir DIR] [--name NAME] [--bank-key FINGERPRINT] [--log FILE] [--seed N] " + FaultOptions.USAGE + " " + TraceOption.USAGE;
    static final String DEFAULT_BANK = "127.0.0.1:8500";
    /** Exit status after a durable write failed and the process stopped at once (fail-stop). */
    static final int EXIT_DURABILITY_FAILURE = DurabilityFailure.EXIT_STATUS;
    /** How long a log line may wait in memory before it is written to the log file. */
    static final long LOG_FLUSH_MILLIS = 100;

    @Option(names = "--bank", paramLabel = "HOST:PORT", description = "the bank's address (asked for on a terminal)")
    String bank;

    @Option(names = "--host", paramLabel = "IPV4", description = "address to listen on (default ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port1", paramLabel = "N", description = "UDP port for the bank, 1024-65535 (asked for on a terminal)")
    Integer port1;

    @Option(names = "--port2", paramLabel = "N", description = "UDP port for cohort peers, 1024-65535 (asked for on a terminal)")
    Integer port2;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "this customer's state directory (default: state/<name>)")
    Path stateDir;

    @Option(names = "--name", paramLabel = "NAME", description = "resume this customer from its saved state")
    String name;

    @Option(names = "--bank-key", paramLabel = "FINGERPRINT",
            description = "the bank's key fingerprint, as the bank prints it at start (default: trust the first answer)")
    String bankKey;

    @Option(names = "--log", paramLabel = "FILE", description = "log file (default: logs/customer-<port1>.log)")
    Path logFile;

    @Option(names = "--seed", paramLabel = "N", description = "seed for request ids and retry jitter (default: random, logged)")
    Long seed;

    @Mixin
    FaultOptions faultOptions = new FaultOptions();

    @Mixin
    TraceOption trace = new TraceOption();

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, System.console() != null));
    }

    /**
     * Runs a customer until it ends; returns the exit code.
     *
     * @param terminal whether {@code in} is a terminal: missing options are then asked for and
     *                 the console edits lines; otherwise missing options are an error
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        CustomerMain options = new CustomerMain();
        OptionalInt early = CommandLines.parse(new CommandLine(options), args, USAGE, "customer 1.0.0", out, err);
        if (early.isPresent()) {
            return early.getAsInt();
        }
        try {
            Settings settings = options.settings(terminal);
            options.trace.open(settings.name() != null ? settings.name() : "customer-" + settings.port1().port());
            StateDirectoryLock lock = lockStateDirectory(settings);
            try {
                return serve(settings, options.trace, in, out, terminal);
            } finally {
                release(lock);
            }
        } catch (StartupFailure e) {
            err.println("FAILURE " + e.getMessage());
            err.flush();
            return e.code();
        } finally {
            options.trace.quit(); // any end but a kill is a clean one for the trace
        }
    }

    /** Validated options. */
    record Settings(Endpoint bank, Endpoint port1, Endpoint port2, String name, Path stateDir, Path log, long seed,
                    FaultControl faults, String bankKey) {

        /** This customer's storage: its own state directory, whatever the name turns out to be. */
        Function<String, Storage> storageFor() {
            return who -> new FileStorage(stateDir != null ? stateDir : Path.of("state", who));
        }
    }

    private Settings settings(boolean terminal) throws StartupFailure {
        if (!Endpoint.isIpv4(host)) {
            throw new StartupFailure(2, "bad option --host '" + host + "': expected an IPv4 address like 127.0.0.1");
        }
        if (name != null && !Args.NAME.matcher(name).matches()) {
            throw new StartupFailure(2, "bad option --name '" + name
                    + "': a letter, then up to 31 letters, digits, '_' or '-'");
        }
        if (!terminal) {
            List<String> missing = new ArrayList<>();
            if (bank == null) {
                missing.add("--bank");
            }
            if (port1 == null) {
                missing.add("--port1");
            }
            if (port2 == null) {
                missing.add("--port2");
            }
            if (!missing.isEmpty()) {
                throw new StartupFailure(2, "missing " + String.join(", ", missing)
                        + " (stdin is not a terminal, so nothing can be asked; " + USAGE + ")");
            }
        }
        Endpoint bankEndpoint = bank != null ? bankEndpoint(bank)
                : ask("bank address [" + DEFAULT_BANK + "]: ", DEFAULT_BANK, CustomerMain::bankEndpoint);
        int p1 = port1 != null ? port("--port1", port1) : ask("port1 (for the bank): ", null, t -> port("port1", t));
        int p2 = port2 != null ? port("--port2", port2) : ask("port2 (for peers): ", null, t -> port("port2", t));
        if (p1 == p2) {
            throw new StartupFailure(2, "bad options: --port1 and --port2 must differ (both " + p1 + ")");
        }
        FaultControl faults = faultOptions.control();
        Path logPath = logFile != null ? logFile : Path.of("logs", "customer-" + p1 + ".log");
        long actualSeed = seed != null ? seed : new SecureRandom().nextLong();
        return new Settings(bankEndpoint, new Endpoint(host, p1), new Endpoint(host, p2), name, stateDir,
                logPath, actualSeed, faults, bankKey());
    }

    /**
     * Locks the state directory this process will use, when it is known at start (given by
     * {@code --state-dir}, or {@code state/<name>} for {@code --name}): a second process on the
     * same directory would act as the same account, spending its balance twice and giving its
     * labels twice, so it does not start. Null when the directory is known only at {@code open}.
     */
    private static StateDirectoryLock lockStateDirectory(Settings s) throws StartupFailure {
        Path dir = s.stateDir() != null ? s.stateDir() : s.name() != null ? Path.of("state", s.name()) : null;
        if (dir == null) {
            return null;
        }
        try {
            return StateDirectoryLock.acquire(dir);
        } catch (StateDirectoryLock.InUse e) {
            throw new StartupFailure(1, "cannot start: state directory " + e.getMessage()
                    + "; stop the other customer process on it first, or give this one its own --state-dir");
        } catch (IOException e) {
            throw new StartupFailure(1, "cannot start: cannot use the state directory " + dir + ": " + e);
        }
    }

    private static void release(StateDirectoryLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            // The process is ending: the operating system releases the lock with it.
        }
    }

    private String bankKey() throws StartupFailure {
        if (bankKey != null && !PublicKeys.FINGERPRINT.matcher(bankKey).matches()) {
            throw new StartupFailure(2, "bad option --bank-key '" + bankKey
                    + "': expected the fingerprint the bank prints, like 1a2b:3c4d:5e6f:7a8b:9c0d");
        }
        return bankKey;
    }

    private static Endpoint bankEndpoint(String text) throws StartupFailure {
        try {
            return Endpoint.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(2, "bad option --bank '" + text + "': " + e.getMessage()
                    + " (expected IPV4:PORT like " + DEFAULT_BANK + ")");
        }
    }

    private static int port(String what, int port) throws StartupFailure {
        if (port < Endpoint.MIN_PORT || port > Endpoint.MAX_PORT) {
            throw new StartupFailure(2, "bad option " + what + " " + port + ": expected "
                    + Endpoint.MIN_PORT + "-" + Endpoint.MAX_PORT);
        }
        return port;
    }

    private static int port(String what, String text) throws StartupFailure {
        try {
            return port(what, Endpoint.parsePort(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(2, "bad " + what + " '" + text + "': " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String text) throws StartupFailure;
    }

    /** Asks on the terminal until the answer parses; an empty answer takes {@code fallback} when there is one. */
    private static <T> T ask(String prompt, String fallback, Parser<T> parser) throws StartupFailure {
        java.io.Console terminal = System.console();
        if (terminal == null) {
            throw new StartupFailure(2, "missing " + prompt.split(" ")[0] + " and no terminal to ask on (" + USAGE + ")");
        }
        while (true) {
            String answer = terminal.readLine("%s", prompt);
            if (answer == null) {
                throw new StartupFailure(2, "no answer for " + prompt.strip());
            }
            if (answer.isBlank() && fallback != null) {
                answer = fallback;
            }
            try {
                return parser.parse(answer);
            } catch (StartupFailure e) {
                terminal.printf("FAILURE %s%n", e.getMessage());
            }
        }
    }

    private static int serve(Settings s, TraceOption trace, InputStream in, PrintStream out, boolean terminal)
            throws StartupFailure {
        ProcessLog log;
        try {
            // Buffered: a transfer's datagrams and state changes are logged on the event loop, which
            // must not wait for the disk; a kill -9 loses at most the last LOG_FLUSH_MILLIS of lines.
            log = ProcessLog.openBuffered(s.log(), LOG_FLUSH_MILLIS);
        } catch (IOException e) {
            throw new StartupFailure(1, "cannot start: " + e.getMessage());
        }
        try (log; Console console = openConsole(in, out, terminal)) {
            // Lines printed on the event loop go out at the end of its turn (CustomerProcess#batchOnLoop).
            BatchedOutput output = new BatchedOutput(console.output());
            NodeListener listener = new NodeListener() {
                @Override
                public void event(String text) {
                    log.log("EVENT", text);
                    output.println("EVENT " + text);
                }

                @Override
                public void log(String text) {
                    log.log("NODE", text);
                }

                @Override
                public void protocol(ProtocolEvent event) {
                    trace.record(event);
                }
            };
            log.log("START", "customer " + (s.name() == null ? "(no name yet)" : s.name()) + " on " + s.port1()
                    + " and " + s.port2() + ", bank " + s.bank() + ", state " + describeState(s) + ", seed " + s.seed()
                    + ", faults " + s.faults().plan().describe() + " (fault seed " + s.faults().seed() + ")");
            try (CustomerProcess process = bind(s, listener, log, trace)) {
                process.batchOnLoop(output);
                process.onFailStop(failure -> {
                    // Fail-stop: memory must not run ahead of the disk, so nothing else may happen,
                    // not even the clean quit's save; a restart recovers as after a crash.
                    output.println("FAILURE stopped: " + failure.getMessage() + " (state " + describeState(s)
                            + "); nothing after the last durable write happened; fix the disk and restart"
                            + (s.name() != null ? " with --name " + s.name() : " with --name <your name>")
                            + " to recover");
                    log.log("STOP", "customer stopped after a failed durable write: " + failure.getMessage());
                    output.flush(); // on the loop, whose turn ends no more
                    log.flush(); // halt runs no shutdown hook
                    out.flush();
                    Runtime.getRuntime().halt(EXIT_DURABILITY_FAILURE);
                });
                output.println("SUCCESS customer listening on " + s.port1() + " (bank) and " + s.port2() + " (peers)");
                try {
                    process.start(s.name());
                } catch (IllegalStateException e) {
                    throw new StartupFailure(1, "cannot start: " + e.getMessage());
                }
                // On a terminal: the prompt shows the customer once known, Tab offers the cohort's members.
                console.showInPrompt(() -> process.query(n -> n.hasIdentity() ? n.name() : null));
                console.completeArgument("receiver", () -> process.query(CustomerMain::otherMembers));
                // On a pipe, transfers are pipelined: their results still come one per command, in order.
                CustomerConsole commands = new CustomerConsole(process, output, log,
                        CustomerConsole.COMMAND_TIMEOUT_MILLIS, !console.interactive());
                console.run(commands);
                commands.finish();
                process.quit(); // end of input is a quit too; a no-op after quit or exit
            }
            log.log("STOP", "customer stopped");
            return 0;
        } catch (IOException e) {
            throw new StartupFailure(1, "cannot open the console: " + e.getMessage());
        }
    }

    /** The names a transfer can go to: this customer's cohort, itself left out. */
    static List<String> otherMembers(CustomerNode node) {
        return node.members().stream().map(Member::name).filter(m -> !m.equals(node.name())).toList();
    }

    private static String describeState(Settings s) {
        return s.stateDir() != null ? s.stateDir().toAbsolutePath().toString()
                : Path.of("state").toAbsolutePath() + "/<name>";
    }

    private static Console openConsole(InputStream in, PrintStream out, boolean terminal) throws IOException {
        if (terminal && in == System.in && out == System.out) {
            return Console.open("customer", CustomerConsole.COMMANDS);
        }
        return Console.open("customer", CustomerConsole.COMMANDS, in, out, terminal);
    }

    private static CustomerProcess bind(Settings s, NodeListener listener, ProcessLog log, TraceOption trace)
            throws StartupFailure {
        trace.observe(s.faults());
        try {
            return CustomerProcess.bind(s.bank(), s.port1(), s.port2(), s.storageFor(), listener, new Random(s.seed()), log,
                    s.faults(), trace.layer(), s.bankKey());
        } catch (IOException e) {
            throw new StartupFailure(1, "cannot start: " + e.getMessage());
        }
    }
}
