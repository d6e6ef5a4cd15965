package cohortbank.customer.bench;

import cohortbank.common.console.CommandLines;
import cohortbank.common.console.Progress;
import cohortbank.customer.runner.ProcessLauncher;
import cohortbank.customer.sim.SeedRunner;
import cohortbank.customer.sim.Simulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench [--quick] [--bank-only] [--million] [--run-dir DIR] [--bank-jar JAR --customer-jar JAR]}:
 * runs a real bank and real customers on loopback and prints one {@link BenchTable}, each figure
 * beside the machine's own limit measured in the same run ({@link MachineLimits}). On a terminal
 * a progress line on stderr counts the rows measured ({@link Progress}); in a pipe it says nothing.
 *
 * <p>Timing lives here and never in an asserting test. Exit codes: 0 when the table was
 * printed, 1 when a process misbehaved (the message says which and how), 2 for bad options.
 * Every process is stopped at the end, also on failure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures Cohort Bank on real processes against this machine's limits.")
public final class BenchMain {

    static final String USAGE = "usage: bench [--quick] [--bank-only] [--run-dir DIR] [--bank-jar JAR --customer-jar JAR]"
            + " [--million] [--[no-]progress]";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Option(names = "--quick", description = "fewer samples and a 10,000-customer table instead of 100,000 (under 2 minutes)")
    boolean quick;

    @Option(names = "--bank-only", description = "only the bank's rows: open at 100 customers and on the large "
            + "table(s), and their start-up")
    boolean bankOnly;

    @Option(names = "--million", description = "also the bank's start-up and open on a table of 1,000,000 customers")
    boolean million;

    @Option(names = "--progress", negatable = true,
            description = "show the rows measured so far on one line (default: when on a terminal)")
    Boolean progress;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "where logs and state go (default runs/bench-<timestamp>)")
    Path runDir;

    @Option(names = "--bank-jar", paramLabel = "JAR", description = "the bank's jar (default: the bank on this class path)")
    Path bankJar;

    @Option(names = "--customer-jar", paramLabel = "JAR", description = "the customer's jar (with --bank-jar)")
    Path customerJar;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        BenchMain options = new BenchMain();
        OptionalInt end = CommandLines.parse(new CommandLine(options), args, USAGE, "bench 1.0.0", out, err);
        if (end.isPresent()) {
            return end.getAsInt();
        }
        if ((options.bankJar == null) != (options.customerJar == null)) {
            err.println("FAILURE give both --bank-jar and --customer-jar, or neither (" + USAGE + ")");
            return 2;
        }
        Samples n = options.quick ? Samples.QUICK : Samples.FULL;
        Progress shown = Progress.forTerminal(options.progress, err, "rows", options.rowCount(n));
        try {
            return options.bench(shown.above(out), shown);
        } catch (BenchFailure | IOException e) {
            err.println("FAILURE " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("FAILURE interrupted");
            return 1;
        } finally {
            shown.finish();
        }
    }

    /** How many rows the run measures, for the progress line. */
    private int rowCount(Samples n) {
        int bankRows = 3 + (million ? 2 : 0);
        return bankOnly ? bankRows : 14 + bankRows + 1;
    }

    private int bench(PrintStream out, Progress shown) throws IOException, InterruptedException {
        ProcessLauncher launcher = bankJar != null ? ProcessLauncher.fromJars(bankJar, customerJar)
                : ProcessLauncher.fromClassPath();
        Path dir = runDir != null ? runDir : Path.of("runs", "bench-" + LocalDateTime.now().format(STAMP));
        Files.createDirectories(dir);
        Samples n = quick ? Samples.QUICK : Samples.FULL;
        out.println("bench" + (quick ? " --quick" : "") + ": run directory " + dir.toAbsolutePath());
        String machine = Machine.describe();
        out.println(machine);

        double rtt = MachineLimits.udpRoundTripMicros(n.rtt);
        double fsync = MachineLimits.durableWriteMicros(dir, n.fsync);
        double javaVersionMillis = Machine.javaVersionMillis();
        String limits = String.format(Locale.ROOT, "limits: UDP round trip %.0f us, durable write %.0f us, java -version %.0f ms",
                rtt, fsync, javaVersionMillis);
        out.println(limits);

        BenchTable table = new BenchTable(() -> shown.advance(false));
        if (!bankOnly) {
            peers(launcher, dir, n, rtt, fsync, javaVersionMillis, table, out);
            List<HistoryCost.Cost> costs = HistoryCost.checkpointCosts(dir.resolve("history"), 10, 10_000, 3 * n.fsync);
            table.add("checkpoint's own writes after 10,000 transfers, p50", costs.get(1).micros(), costs.get(0).micros(),
                    "us", "the same after 10 transfers (goal: ratio at most 1.5)");
            table.add("checkpoint's bytes written after 10,000 transfers, p50", costs.get(1).bytes(), costs.get(0).bytes(),
                    "B", "the same after 10 transfers (goal: ratio at most 1.5)");
        }
        openAt(launcher, dir.resolve("bank-100"), 100, n, fsync, rtt, table, null);
        openAt(launcher, dir.resolve("bank-" + n.bigTable), n.bigTable, n, fsync, rtt, table, javaVersionMillis);
        if (million) {
            openAt(launcher, dir.resolve("bank-1000000"), 1_000_000, n, fsync, rtt, table, javaVersionMillis);
        }
        if (!bankOnly) {
            simulator(n, table);
        }
        String text = table.format();
        Files.writeString(dir.resolve("bench.md"), machine + "\n" + limits + "\n\n" + text, StandardCharsets.UTF_8);
        out.print(text);
        return 0;
    }

    /** The rows of a cohort of 8 real customers: transfers, checkpoint, rollback, start-up and memory. */
    private static void peers(ProcessLauncher launcher, Path dir, Samples n, double rtt, double fsync,
            double javaVersionMillis, BenchTable table, PrintStream out) throws IOException, InterruptedException {
        try (BenchCluster cohort = new BenchCluster(launcher, dir.resolve("cohort"), 1)) {
            cohort.startBank();
            List<String> names = new ArrayList<>();
            List<Double> startMillis = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                names.add("c" + i);
            }
            for (String name : names.subList(0, n.timedStarts)) { // one at a time, so that each is timed alone
                startMillis.add(cohort.startCustomer(name));
            }
            cohort.startCustomers(names.subList(n.timedStarts, 8));
            for (String name : names) {
                cohort.command(name, "open " + name + " 1000000", "SUCCESS opened");
            }
            cohort.command("c1", "new-cohort c1 8", "SUCCESS cohort");
            for (String name : names.subList(1, 8)) {
                cohort.awaitEvent(name, Pattern.compile("joined cohort"));
            }
            Thread.sleep(500);
            double idleRss = cohort.rssMiB("c2");
            out.println("cohort of 8 formed");

            List<Double> transfer = new ArrayList<>();
            for (int i = 0; i < n.transfers; i++) {
                transfer.add(cohort.timed("c2", "transfer 0.01 c1", "delivered") * 1000);
            }
            table.add("transfer -> delivered, p50", Stats.median(transfer), rtt, "us", "UDP round trip");

            double acked = cohort.pipelined("c3", "transfer 0.01 c1", n.piped, "delivered");
            table.add("acked transfers/s, " + n.piped + " piped into one console", acked,
                    1e6 / rtt, "/s", "1 / UDP round trip (ratio below 1: higher is better)");
            double busyRss = cohort.rssMiB("c3");

            // A second batch from the same sender: the rate once both JVMs have compiled the path.
            double ackedWarm = cohort.pipelined("c3", "transfer 0.01 c1", n.piped, "delivered");
            table.add("acked transfers/s, " + n.piped + " piped, warm (a second batch)", ackedWarm,
                    1e6 / rtt, "/s", "1 / UDP round trip (ratio below 1: higher is better)");

            // The same one-at-a-time transfer from a sender and to a receiver whose JIT has seen the
            // piped ones: the cost once warm, beside the cold figure above.
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < n.transfers; i++) {
                warm.add(cohort.timed("c3", "transfer 0.01 c1", "delivered") * 1000);
            }
            table.add("transfer -> delivered, p50, warm (after the " + n.piped + " piped)", Stats.median(warm), rtt, "us",
                    "UDP round trip");

            List<Double> checkpoint = checkpointRounds(cohort, names, n.checkpoints);
            table.add("checkpoint, 8 members, all 7 sent to the initiator, p50", Stats.median(checkpoint),
                    (2 * fsync + 2 * rtt) / 1000, "ms", "2 durable writes + 2 round trips");
            for (String name : names.subList(1, 8)) {
                cohort.command(name, "transfer 0.01 c1", "delivered");
            }
            double checkpointFsyncs = cohort.checkpointFsyncs("c1", names);
            table.add("checkpoint, 8 members: fsyncs", checkpointFsyncs, 17, "", Double.isNaN(checkpointFsyncs)
                    ? "strace missing or not allowed"
                    : "a durable write per phase per member + the decision: 17 appends of 1 fsync to the checkpoint log");

            List<Double> rolledBack = rollbackRounds(cohort, names, n.checkpoints);
            table.add("rollback, 8 members, initiator sent to all 7, p50", Stats.median(rolledBack),
                    (2 * fsync + 2 * rtt) / 1000, "ms", "2 durable writes of 1 fsync (promise, decision) + 2 round trips");
            for (String name : names.subList(1, 8)) {
                cohort.command("c1", "transfer 0.01 " + name, "delivered");
            }
            BenchCluster.RollbackCost rollback = cohort.rollback("c1", names);
            table.add("rollback, 8 members, initiator sent to all 7: requests sent", rollback.requests(), 7, "",
                    "one per dependency edge; also " + rollback.resyncs() + " resync, " + rollback.decisions()
                            + " rb-decision");
            table.add("rollback, 8 members: fsyncs", rollback.fsyncs(), 8, "",
                    Double.isNaN(rollback.fsyncs()) ? "strace missing or not allowed"
                            : "goal: one durable write per member, 8 appends of 1 fsync; each participant"
                                    + " writes twice (promise, dead labels on commit): 1 + 2 x 7 = 15");

            // The same instances once every JVM has run the checkpoint and rollback paths many
            // times: what the protocol costs here without the JIT compiler's first work, beside the
            // cold figures above (the benchmark's first instances are the first these JVMs run).
            checkpointRounds(cohort, names, WARM_UP_ROUNDS);
            table.add("checkpoint, 8 members, p50, warm (after " + WARM_UP_ROUNDS + " more)",
                    Stats.median(checkpointRounds(cohort, names, n.checkpoints)),
                    (2 * fsync + 2 * rtt) / 1000, "ms", "2 durable writes + 2 round trips");
            rollbackRounds(cohort, names, WARM_UP_ROUNDS);
            table.add("rollback, 8 members, p50, warm (after " + WARM_UP_ROUNDS + " more)",
                    Stats.median(rollbackRounds(cohort, names, n.checkpoints)),
                    (2 * fsync + 2 * rtt) / 1000, "ms", "2 durable writes of 1 fsync (promise, decision) + 2 round trips");

            table.add("customer start-up to listening line, p50", Stats.median(startMillis), javaVersionMillis, "ms",
                    "java -version");
            table.add("customer idle RSS", idleRss, 64, "MiB", "goal");
            table.add("customer RSS after " + n.piped + " transfers", busyRss, 64, "MiB", "goal");
        }

    }

    /** Untimed rounds of each instance before the warm rows time theirs. */
    private static final int WARM_UP_ROUNDS = 30;

    /** {@code rounds} checkpoints of c1 after c2..c8 each sent it a transfer: each one's time in ms. */
    private static List<Double> checkpointRounds(BenchCluster cohort, List<String> names, int rounds)
            throws InterruptedException {
        List<Double> millis = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (String name : names.subList(1, 8)) {
                cohort.command(name, "transfer 0.01 c1", "delivered");
            }
            millis.add(cohort.timed("c1", "checkpoint", BenchCluster.naming(names)));
        }
        return millis;
    }

    /** {@code rounds} rollbacks of c1 after it sent each of c2..c8 a transfer: each one's time in ms. */
    private static List<Double> rollbackRounds(BenchCluster cohort, List<String> names, int rounds)
            throws InterruptedException {
        List<Double> millis = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (String name : names.subList(1, 8)) {
                cohort.command("c1", "transfer 0.01 " + name, "delivered");
            }
            millis.add(cohort.timed("c1", "rollback", BenchCluster.naming(names)));
        }
        return millis;
    }

    /** The simulator's speed on its standard runs, one seed per processor at a time as scripts/simulate runs them. */
    private static void simulator(Samples n, BenchTable table) {
        int jobs = SeedRunner.defaultJobs();
        long started = System.nanoTime();
        long[] events = {0};
        new SeedRunner(jobs).run(1, n.simSeeds, seed -> Simulator.run(seed, Simulator.Settings.standard(0, 60)), r -> {
            if (!r.passed()) {
                throw new BenchFailure("simulator seed " + r.seed() + " failed: " + r.violations().get(0));
            }
            events[0] += r.events();
        });
        table.add("simulator events/s (" + n.simSeeds + " seeds, " + jobs + " at a time)",
                events[0] / ((System.nanoTime() - started) / 1e9), 50_000, "/s", "goal (ratio above 1: faster than the goal)");
    }

    /** Adds the bank rows for a table of {@code size} customers; with {@code startLimitMillis}, also its start-up. */
    private static void openAt(ProcessLauncher launcher, Path dir, int size, Samples n, double fsync, double rtt,
            BenchTable table, Double startLimitMillis) throws IOException, InterruptedException {
        try (BenchCluster bank = new BenchCluster(launcher, dir, 2)) {
            Path data = BenchCluster.writeTable(dir, size);
            long bytes = Files.size(data);
            double startMillis = bank.startBank();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= n.opens; i++) {
                names.add("o" + i);
            }
            bank.startCustomers(names);
            List<Double> open = new ArrayList<>();
            for (String name : names) {
                open.add(bank.timed(name, "open " + name + " 100", "SUCCESS opened"));
            }
            table.add(String.format(Locale.ROOT, "bank open p50, table of %,d", size), Stats.median(open),
                    (fsync + rtt) / 1000, "ms", "1 durable write + 1 round trip");
            if (startLimitMillis != null) {
                table.add(String.format(Locale.ROOT, "bank start-up, table of %,d (%,d bytes)", size, bytes),
                        startMillis, startLimitMillis, "ms", "java -version");
            }
        }
    }

    /** How many samples of each kind: {@code --quick} keeps the run under two minutes. */
    private enum Samples {
        QUICK(2_000, 20, 100, 1_000, 5, 3, 10_000, 500, 3),
        FULL(10_000, 50, 500, 2_000, 20, 8, 100_000, 2_000, 8);

        final int rtt;
        final int fsync;
        final int transfers;
        final int piped;
        final int checkpoints;
        final int opens;
        final int bigTable;
        final int simSeeds;
        final int timedStarts;

        Samples(int rtt, int fsync, int transfers, int piped, int checkpoints, int opens, int bigTable,
                int simSeeds, int timedStarts) {
            this.rtt = rtt;
            this.fsync = fsync;
            this.transfers = transfers;
            this.piped = piped;
            this.checkpoints = checkpoints;
            this.opens = opens;
            this.bigTable = bigTable;
            this.simSeeds = simSeeds;
            this.timedStarts = timedStarts;
        }
    }
}
