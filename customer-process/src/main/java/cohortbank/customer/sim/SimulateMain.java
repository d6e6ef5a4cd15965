package cohortbank.customer.sim;

import cohortbank.common.console.CommandLines;
import cohortbank.common.console.Progress;
import cohortbank.common.trace.TraceTool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/simulate}: runs the {@link Simulator} over many seeds, or one.
 *
 * <p>Output: for each failing seed one {@code FAILURE seed=S ...} line naming the broken
 * invariant and the command that replays it; with {@code --seed}, one line with that run's
 * trace hash; with {@code --trace DIR} also the paths of the run's pictures written there (every
 * process's {@code .trace}, {@code shiviz.log} and {@code spacetime.svg}, as {@code scripts/trace}
 * draws a real run); then exactly one summary line {@code seeds=N violations=V events=E seconds=T}.
 * Exit codes: 0 when every seed passed, 1 when any violation was found, 2 for bad options
 * (one {@code FAILURE} line naming the option, on stderr). On a terminal, a run of many seeds
 * also keeps one progress line on stderr ({@link Progress}); in a pipe it says nothing more.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Deterministic simulation of customers and the bank under faults; one seed replays a run exactly.")
public final class SimulateMain {

    static final int DEFAULT_SEEDS = 100;
    static final int DEFAULT_STEPS = 60;
    static final String USAGE = "usage: simulate [--seeds N [--jobs J]] [--seed S [--trace [DIR]]] [--customers 3-12]"
            + " [--steps N] [--[no-]progress]";

    @Option(names = "--seeds", paramLabel = "N", description = "run seeds 1..N (default " + DEFAULT_SEEDS + ")")
    Integer seeds;

    @Option(names = "--seed", paramLabel = "S", description = "run this one seed and print its trace hash")
    Long seed;

    @Option(names = "--customers", paramLabel = "N", description = "customers per run, 3-12 (default: drawn per seed)")
    Integer customers;

    @Option(names = "--steps", paramLabel = "N", description = "workload actions per run (default " + DEFAULT_STEPS + ")")
    Integer steps;

    @Option(names = "--trace", arity = "0..1", fallbackValue = "", paramLabel = "DIR",
            description = "with --seed: print the run's trace and the customers' log lines; with DIR, instead write "
                    + "the processes' traces, shiviz.log and spacetime.svg there")
    String trace;

    @Option(names = "--jobs", paramLabel = "J",
            description = "with --seeds: run J seeds at a time, each on its own thread (default: one per processor);"
                    + " results, output and every seed's trace are the same for any J")
    Integer jobs;

    @Option(names = "--progress", negatable = true,
            description = "show done/total, failures and time left on one line (default: when on a terminal)")
    Boolean progress;

    /** Totals of the seeds reported so far (on the calling thread, in seed order). */
    private long events;
    private long failed;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        SimulateMain options = new SimulateMain();
        OptionalInt end = CommandLines.parse(new CommandLine(options), args, USAGE, "simulate 1.0.0", out, err);
        if (end.isPresent()) {
            return end.getAsInt();
        }
        String problem = options.problem();
        if (problem != null) {
            err.println("FAILURE " + problem + " (" + USAGE + ")");
            return 2;
        }
        Progress shown = options.seed != null ? Progress.quiet()
                : Progress.forTerminal(options.progress, err, "seeds", options.seeds == null ? DEFAULT_SEEDS : options.seeds);
        return options.simulate(shown.above(out), shown);
    }

    private String problem() {
        if (seeds != null && seed != null) {
            return "bad option --seeds: give either --seeds N or --seed S, not both";
        }
        if (trace != null && seed == null) {
            return "bad option --trace: only with --seed S";
        }
        if (jobs != null && seed != null) {
            return "bad option --jobs: only with --seeds N";
        }
        if (jobs != null && (jobs < 1 || jobs > 256)) {
            return "bad option --jobs " + jobs + ": must be 1-256";
        }
        if (seeds != null && seeds < 1) {
            return "bad option --seeds " + seeds + ": must be at least 1";
        }
        if (customers != null && (customers < Simulator.Settings.MIN_CUSTOMERS
                || customers > Simulator.Settings.MAX_CUSTOMERS)) {
            return "bad option --customers " + customers + ": must be " + Simulator.Settings.MIN_CUSTOMERS + "-"
                    + Simulator.Settings.MAX_CUSTOMERS;
        }
        if (steps != null && (steps < 0 || steps > 1_000_000)) {
            return "bad option --steps " + steps + ": must be 0-1000000";
        }
        return null;
    }

    private int simulate(PrintStream out, Progress shown) {
        Simulator.Settings settings = Simulator.Settings.standard(customers == null ? 0 : customers,
                steps == null ? DEFAULT_STEPS : steps);
        long first = seed != null ? seed : 1;
        long count = seed != null ? 1 : (seeds == null ? DEFAULT_SEEDS : seeds);
        long started = System.nanoTime(); // the command's own duration only; runs never read a clock
        if (trace != null) {
            // One seed, shown or traced: nothing to run side by side.
            RunResult r;
            if (!trace.isEmpty()) {
                try {
                    r = Simulator.runTraced(first, settings, Path.of(trace), line -> { });
                    TraceTool.Rendered pictures = TraceTool.render(Path.of(trace));
                    out.println("trace: " + pictures.shiviz() + " " + pictures.svg());
                } catch (IOException | RuntimeException e) {
                    out.println("FAILURE trace: cannot write the pictures in " + trace + ": " + e.getMessage());
                    return 1;
                }
            } else {
                r = Simulator.run(first, settings, out::println);
            }
            report(r, out, shown);
        } else {
            int threads = jobs != null ? jobs : seed != null ? 1 : SeedRunner.defaultJobs();
            new SeedRunner(threads).run(first, count, s -> Simulator.run(s, settings), r -> report(r, out, shown));
        }
        shown.finish();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.println(String.format(Locale.ROOT, "seeds=%d violations=%d events=%d seconds=%.1f", count, failed, events,
                seconds));
        return failed == 0 ? 0 : 1;
    }

    /** One seed's lines, in seed order: its hash when a single seed was asked for, a failure when it failed. */
    private void report(RunResult r, PrintStream out, Progress shown) {
        long s = r.seed();
        events += r.events();
        if (seed != null) {
            out.println("seed=" + s + " customers=" + r.customers() + " events=" + r.events()
                    + " faults: " + r.faults() + " trace=" + r.traceHash());
        }
        if (!r.passed()) {
            failed++;
            out.println("FAILURE seed=" + s + " customers=" + r.customers() + ": " + r.violations().get(0)
                    + (r.violations().size() > 1 ? " (and " + (r.violations().size() - 1) + " more)" : "")
                    + "; replay: " + replay(s));
        }
        out.flush();
        shown.advance(!r.passed());
    }

    private String replay(long s) {
        return "scripts/simulate --seed " + s + (customers == null ? "" : " --customers " + customers)
                + (steps == null ? "" : " --steps " + steps);
    }
}
