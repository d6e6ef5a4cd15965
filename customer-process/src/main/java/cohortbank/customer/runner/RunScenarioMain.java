package cohortbank.customer.runner;

import cohortbank.common.console.CommandLines;
import cohortbank.common.console.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Plays scenario files on real processes: {@code run-scenario [--run-dir DIR] [--seed N]
 * [--bank-jar JAR --customer-jar JAR] [--color] [--title TEXT] [--pace MILLIS] FILE...}.
 *
 * <p>Every file is parsed before anything runs. Each scenario gets its own run directory,
 * {@code runs/<scenario>-<timestamp>/} by default, printed at the start and the end. Exit
 * codes: 0 when every expectation of every scenario held, 1 when one did not (the message
 * names FILE:LINE, what was expected and what came, with the last lines of every process), 2
 * for bad options or a scenario that does not parse. Every process is stopped at the end, also
 * on failure and on Ctrl-C. Several files on a terminal also get one progress line under the
 * narration (scenarios done, failed, time left; {@link Progress}); in a pipe, nothing more.
 */
@Command(name = "run-scenario", mixinStandardHelpOptions = true,
        description = "Plays Cohort Bank scenario files on a real bank and real customers.")
public final class RunScenarioMain {

    static final String USAGE = "usage: run-scenario [--run-dir DIR] [--seed N] [--pace MILLIS] [--title TEXT] [--color] "
            + "[--[no-]progress] [--bank-jar JAR --customer-jar JAR] FILE...";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "scenario files (.scn), played in order")
    List<Path> files = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "run directory (with several files: one subdirectory per scenario); default runs/<scenario>-<timestamp>")
    Path runDir;

    @Option(names = "--seed", paramLabel = "N", description = "base seed of every process (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--bank-jar", paramLabel = "JAR", description = "the bank's jar (default: the bank on this class path)")
    Path bankJar;

    @Option(names = "--customer-jar", paramLabel = "JAR", description = "the customer's jar (with --bank-jar)")
    Path customerJar;

    @Option(names = "--color", description = "colour the output (the scripts pass it when stdout is a terminal)")
    boolean colour;

    @Option(names = "--title", paramLabel = "TEXT", description = "a title printed before the first scenario")
    String title;

    @Option(names = "--progress", negatable = true,
            description = "with several files, show scenarios done, failures and time left (default: when on a terminal)")
    Boolean progress;

    @Option(names = "--pace", paramLabel = "MILLIS",
            description = "pause before each narration line, so a person can follow (default ${DEFAULT-VALUE})")
    long paceMillis;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        RunScenarioMain options = new RunScenarioMain();
        OptionalInt end = CommandLines.parse(new CommandLine(options), args, USAGE, "run-scenario 1.0.0", out, err);
        if (end.isPresent()) {
            return end.getAsInt();
        }
        return options.play(out, err);
    }

    private int play(PrintStream out, PrintStream err) {
        ProcessLauncher launcher;
        try {
            if ((bankJar == null) != (customerJar == null)) {
                throw new IllegalArgumentException("give both --bank-jar and --customer-jar, or neither");
            }
            launcher = bankJar != null ? ProcessLauncher.fromJars(bankJar, customerJar) : ProcessLauncher.fromClassPath();
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("FAILURE " + e.getMessage());
            return 2;
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : files) {
            try {
                scenarios.add(ScenarioParser.parse(file));
            } catch (java.nio.file.NoSuchFileException e) {
                err.println("FAILURE no scenario file " + file);
                return 2;
            } catch (IOException e) {
                err.println("FAILURE cannot read " + file + ": " + e.getMessage());
                return 2;
            } catch (ScenarioSyntaxException e) {
                err.println("FAILURE " + e.getMessage());
                return 2;
            }
        }
        // One scenario tells its own story; a progress line is for a batch.
        Progress shown = scenarios.size() > 1 ? Progress.forTerminal(progress, err, "scenarios", scenarios.size())
                : Progress.quiet();
        Narrator narrator = new Narrator(shown.above(out), colour, Math.max(0, paceMillis));
        if (title != null) {
            narrator.title(title);
        }
        AtomicReference<ScenarioInterpreter> current = new AtomicReference<>();
        Thread onCtrlC = new Thread(() -> {
            ScenarioInterpreter interpreter = current.get();
            if (interpreter != null) {
                interpreter.close();
                err.println("FAILURE interrupted: every process is stopped; what they left is in "
                        + interpreter.runDir());
            }
        }, "run-scenario-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        List<ScenarioInterpreter.Outcome> outcomes = new ArrayList<>();
        try {
            for (Scenario scenario : scenarios) {
                Path dir = runDirFor(scenario);
                narrator.title(scenario.name() + "  (" + scenario.source() + ")");
                narrator.line("   run directory: " + dir);
                ScenarioInterpreter interpreter = new ScenarioInterpreter(scenario, dir, launcher, narrator, seed,
                        List.of());
                current.set(interpreter);
                ScenarioInterpreter.Outcome outcome = interpreter.run();
                current.set(null);
                outcomes.add(outcome);
                report(narrator, outcome);
                shown.advance(!outcome.passed());
            }
            shown.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("FAILURE interrupted");
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already: it stops the processes.
            }
        }
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        if (outcomes.size() > 1) {
            narrator.line("");
            narrator.verdict(failed == 0, (outcomes.size() - failed) + " of " + outcomes.size() + " scenarios");
        }
        return failed == 0 ? 0 : 1;
    }

    private static void report(Narrator narrator, ScenarioInterpreter.Outcome outcome) {
        if (!outcome.passed()) {
            narrator.failure(outcome.failure());
        }
        narrator.line("");
        for (String artifact : RunArtifacts.describe(outcome)) {
            narrator.line("   " + artifact);
        }
        narrator.verdict(outcome.passed(), outcome.scenario());
    }

    private Path runDirFor(Scenario scenario) {
        if (runDir != null) {
            return (files.size() == 1 ? runDir : runDir.resolve(scenario.name())).toAbsolutePath();
        }
        Path base = Path.of("runs", scenario.name() + "-" + LocalDateTime.now().format(STAMP));
        Path dir = base;
        for (int n = 2; Files.exists(dir); n++) {
            dir = Path.of(base + "-" + n);
        }
        return dir.toAbsolutePath();
    }
}
