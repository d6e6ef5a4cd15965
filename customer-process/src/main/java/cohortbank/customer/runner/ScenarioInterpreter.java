package cohortbank.customer.runner;

import cohortbank.common.money.Money;
import cohortbank.common.trace.TraceTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays one {@link Scenario} on real processes in one run directory, and says whether every
 * expectation held. Each process gets, in the run directory, {@code NAME.console} (everything
 * typed and printed), {@code NAME.log}, {@code NAME.trace}, {@code NAME.err}, and customers a state directory
 * {@code state/NAME}; the bank keeps {@code data.csv} there.
 *
 * <p>Every wait is bounded, and every process is stopped when the run ends, whatever happened
 * ({@link #close} may also be called from another thread, e.g. on Ctrl-C). Not reusable: one
 * interpreter per run.
 *
 * <p>Each process also writes {@code NAME.trace} ({@code --trace}); when the run ends they are
 * merged into {@code shiviz.log} and drawn as {@code spacetime.svg} ({@link TraceTool}).
 */
public final class ScenarioInterpreter implements AutoCloseable {

    /** The bank's name in scenarios. */
    public static final String BANK = "bank";

    /** Bound on a process coming up (a JVM start on a busy machine). */
    static final long START_MILLIS = 30_000;
    /** Bound on a command's result: longer than the customer's own 30 s bound on a command. */
    static final long COMMAND_MILLIS = 40_000;
    /** Bound on a process ending after {@code quit} or the end of input. */
    static final long EXIT_MILLIS = 10_000;

    private final Scenario scenario;
    private final Path runDir;
    private final ProcessLauncher launcher;
    private final Narrator narrator;
    private final long seed;
    private final PortPicker ports = new PortPicker();
    private final Map<String, int[]> portsOf = new HashMap<>();
    private final Map<String, ConsoleProcess> running = new LinkedHashMap<>();
    private final Map<String, ConsoleProcess> lastHandle = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Deque<String>> sent = new HashMap<>();
    private final Map<String, Long> openings = new LinkedHashMap<>();
    private final List<String> extraOptions;
    private final CohortChecks checks;
    private int starts;
    private boolean closed;

    /**
     * @param extraOptions options given to every process started (e.g. {@code --trace} wiring is
     *                     added per process; these are appended as they are)
     */
    public ScenarioInterpreter(Scenario scenario, Path runDir, ProcessLauncher launcher, Narrator narrator, long seed,
            List<String> extraOptions) {
        this.scenario = scenario;
        this.runDir = runDir.toAbsolutePath();
        this.launcher = launcher;
        this.narrator = narrator;
        this.seed = seed;
        this.extraOptions = List.copyOf(extraOptions);
        this.checks = new CohortChecks(openings, this::process, running::containsKey,
                name -> this.runDir.resolve("state").resolve(name), narrator);
    }

    /** An expectation that did not hold, at one step. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        final String expected;
        final String got;

        Failed(String expected, String got) {
            super("expected " + expected + ", got " + got);
            this.expected = expected;
            this.got = got;
        }
    }

    /**
     * How the run went: null {@code failure} when every expectation held. {@code pictures} is
     * the merged trace and space-time diagram, or empty (with the reason in {@code picturesProblem})
     * when they could not be drawn; that does not fail a run, whose verdict is about the protocol.
     */
    public record Outcome(String scenario, Path runDir, String failure, Optional<TraceTool.Rendered> pictures,
            String picturesProblem) {
        public boolean passed() {
            return failure == null;
        }
    }

    /** Plays every step, then stops every process. Never throws for a failed step: the outcome says. */
    public Outcome run() throws InterruptedException {
        String failure = null;
        try {
            Files.createDirectories(runDir.resolve("state"));
        } catch (IOException e) {
            close();
            return new Outcome(scenario.name(), runDir, "cannot create the run directory " + runDir + ": " + e,
                    Optional.empty(), "no run directory");
        }
        try {
            for (Step step : scenario.steps()) {
                try {
                    play(step);
                } catch (Failed f) {
                    failure = describe(step, f);
                    break;
                } catch (IOException | RuntimeException e) {
                    failure = describe(step, new Failed("the step to run", e.toString()));
                    break;
                }
            }
        } finally {
            stopAll();
        }
        try {
            return new Outcome(scenario.name(), runDir, failure, Optional.of(TraceTool.render(runDir)), null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(scenario.name(), runDir, failure, Optional.empty(), e.getMessage());
        }
    }

    private String describe(Step step, Failed f) {
        StringBuilder text = new StringBuilder();
        text.append(scenario.source()).append(':').append(step.line()).append(": failed: ")
                .append(scenario.text(step.line())).append('\n');
        text.append("  expected: ").append(f.expected).append('\n');
        text.append("  got:      ").append(f.got).append('\n');
        for (Map.Entry<String, ConsoleProcess> e : new java.util.TreeMap<>(lastHandle).entrySet()) {
            text.append("  --- last lines of ").append(e.getKey()).append(" (").append(runDir.resolve(e.getKey()
                    + ".console")).append(")\n");
            for (String line : e.getValue().tail()) {
                text.append("  | ").append(line).append('\n');
            }
        }
        return text.toString().stripTrailing();
    }

    private void play(Step step) throws Failed, IOException, InterruptedException {
        if (step instanceof Step.Start s) {
            start(s);
        } else if (step instanceof Step.Quit q) {
            for (String name : q.names()) {
                quit(name);
            }
        } else if (step instanceof Step.Kill k) {
            for (String name : k.names()) {
                process(name).kill();
                running.remove(name);
                narrator.action("kill -9 " + name);
            }
        } else if (step instanceof Step.Command c) {
            command(c);
        } else if (step instanceof Step.Send s) {
            ConsoleProcess p = process(s.process());
            p.send(s.command());
            sent.computeIfAbsent(s.process(), n -> new ArrayDeque<>()).add(s.command());
            narrator.command(s.process(), s.command(), "(sent; result collected later)");
        } else if (step instanceof Step.Result r) {
            collect(r);
        } else if (step instanceof Step.Await a) {
            await(a);
        } else if (step instanceof Step.Faults f) {
            faults(f);
        } else if (step instanceof Step.Sleep s) {
            narrator.action("sleep " + s.millis() / 1000.0 + " s");
            Thread.sleep(s.millis());
        } else if (step instanceof Step.Say s) {
            narrator.say(s.text());
        } else if (step instanceof Step.CheckBalance b) {
            checks.balances(b.cents());
        } else if (step instanceof Step.CheckTotal t) {
            checks.total(t.cents());
        } else if (step instanceof Step.CheckInvariants i) {
            checks.invariants(i.timeoutMillis());
        } else if (step instanceof Step.ShowBalances) {
            checks.showBalances();
        } else {
            throw new IllegalStateException("no way to play " + step);
        }
    }

    private void collect(Step.Result r) throws Failed, InterruptedException {
        Deque<String> pending = sent.getOrDefault(r.process(), new ArrayDeque<>());
        if (pending.isEmpty()) {
            throw new Failed("a command sent to " + r.process() + " with 'send'", "none is waiting");
        }
        ConsoleProcess.Result result = result(process(r.process()), pending.peekFirst());
        String command = pending.pollFirst();
        finish(r.process(), command, result, r.expectation());
    }

    private ConsoleProcess process(String name) throws Failed {
        ConsoleProcess p = running.get(name);
        if (p == null) {
            throw new Failed(name + " to be running", lastHandle.containsKey(name) ? name + " is stopped"
                    : name + " was never started");
        }
        return p;
    }

    private void start(Step.Start s) throws Failed, IOException, InterruptedException {
        List<ConsoleProcess> launched = new ArrayList<>();
        for (String name : s.names()) {
            if (running.containsKey(name)) {
                throw new Failed(name + " to be stopped before it is started", name + " is running");
            }
            boolean bank = name.equals(BANK);
            if (!bank && !portsOf.containsKey(BANK)) {
                throw new Failed("'start bank' before any customer", "no bank yet");
            }
            boolean restart = portsOf.containsKey(name);
            int[] p = portsOf.computeIfAbsent(name, n -> bank ? new int[] {ports.next()}
                    : new int[] {ports.next(), ports.next()});
            List<String> options = new ArrayList<>();
            String processSeed = Long.toString(seed + 1000L * starts++);
            if (bank) {
                options.addAll(List.of("--host", PortPicker.LOOPBACK, "--port", Integer.toString(p[0]),
                        "--data", runDir.resolve("data.csv").toString(), "--seed", processSeed));
            } else {
                options.addAll(List.of("--bank", PortPicker.LOOPBACK + ":" + portsOf.get(BANK)[0],
                        "--port1", Integer.toString(p[0]), "--port2", Integer.toString(p[1]),
                        "--state-dir", checks.stateDir(name).toString(), "--name", name,
                        "--seed", processSeed));
            }
            // The same trace file across restarts: the tracer continues its clock and marks the crash.
            options.addAll(List.of("--log", runDir.resolve(name + ".log").toString(),
                    "--trace", runDir.resolve(name + ".trace").toString()));
            options.addAll(extraOptions);
            options.addAll(s.options());
            List<String> command = bank ? launcher.bank(options) : launcher.customer(options);
            ConsoleProcess handle = ConsoleProcess.launch(name, command, runDir, runDir.resolve(name + ".console"),
                    runDir.resolve(name + ".err"), line -> narrator.event(name, line));
            running.put(name, handle);
            lastHandle.put(name, handle);
            sent.remove(name);
            launched.add(handle);
            narrator.action((restart ? "restart " : "start ") + name + " on 127.0.0.1:"
                    + (bank ? p[0] : p[0] + " (bank) and " + p[1] + " (peers)"));
        }
        for (ConsoleProcess handle : launched) {
            try {
                handle.awaitReady(START_MILLIS);
            } catch (IOException e) {
                running.remove(handle.name());
                throw new Failed(handle.name() + " to start", e.getMessage());
            }
        }
    }

    private void quit(String name) throws Failed, InterruptedException {
        ConsoleProcess p = process(name);
        p.send("quit");
        ConsoleProcess.Result r = p.result(EXIT_MILLIS);
        if (r == null || !r.line().startsWith("SUCCESS")) {
            throw new Failed(name + " to answer quit with SUCCESS", r == null ? "nothing" : r.line());
        }
        if (!p.waitForExit(EXIT_MILLIS)) {
            throw new Failed(name + " to end within " + EXIT_MILLIS + " ms of quit", "it is still running");
        }
        p.close();
        running.remove(name);
        narrator.command(name, "quit", r.line());
    }

    private ConsoleProcess.Result result(ConsoleProcess p, String command) throws Failed, InterruptedException {
        ConsoleProcess.Result r = p.result(COMMAND_MILLIS);
        if (r == null) {
            narrator.command(p.name(), command, "(no result)");
            throw new Failed("a result line for '" + command + "' from " + p.name(),
                    p.alive() ? "nothing within " + COMMAND_MILLIS + " ms" : "the process ended");
        }
        return r;
    }

    private void command(Step.Command c) throws Failed, InterruptedException {
        ConsoleProcess p = process(c.process());
        if (!sent.getOrDefault(c.process(), new ArrayDeque<>()).isEmpty()) {
            throw new Failed("'result " + c.process() + "' for each 'send' before the next command",
                    sent.get(c.process()).size() + " result(s) not collected");
        }
        narrator.typing();
        p.send(c.command());
        finish(c.process(), c.command(), result(p, c.command()), c.expectation());
    }

    /** Shows a result, remembers an opening balance, and checks the expectation. */
    private void finish(String process, String command, ConsoleProcess.Result r, Expectation expectation)
            throws Failed {
        narrator.command(process, command, r.line());
        narrator.table(r.table());
        String[] words = command.split("\\s+");
        if (r.line().startsWith("SUCCESS") && words[0].equals("open") && words.length >= 3) {
            try {
                openings.put(words[1], Money.parse(words[2]).cents());
            } catch (IllegalArgumentException e) {
                // The process accepted it, so it parses; nothing to remember otherwise.
            }
        }
        String expected = expectation.check(r.line());
        if (expected != null) {
            throw new Failed(expected, r.line());
        }
    }

    private void await(Step.Await a) throws Failed, InterruptedException {
        ConsoleProcess p = running.containsKey(a.process()) ? running.get(a.process()) : lastHandle.get(a.process());
        if (p == null) {
            throw new Failed(a.process() + " to have been started", "it never was");
        }
        String event = p.awaitEvent(a.pattern(), a.timeoutMillis());
        if (event == null) {
            throw new Failed("an EVENT from " + a.process() + " matching /" + a.pattern().pattern() + "/ within "
                    + a.timeoutMillis() / 1000.0 + " s", p.alive() ? "none" : "none; the process ended");
        }
        narrator.ok(a.process() + " said /" + a.pattern().pattern() + "/");
    }

    private void faults(Step.Faults f) throws Failed, InterruptedException {
        List<String> words = new ArrayList<>(List.of("faults"));
        if (f.to() != null) {
            int[] p = portsOf.get(f.to());
            if (p == null) {
                throw new Failed("--to " + f.to() + " to name a process started before", "it was never started");
            }
            // A link fault is on the sender's outgoing datagrams to the receiver's peer (or bank) port.
            words.addAll(List.of("--to", PortPicker.LOOPBACK + ":" + (f.to().equals(BANK) ? p[0] : p[1])));
        }
        words.addAll(f.options());
        String command = String.join(" ", words);
        ConsoleProcess p = process(f.process());
        narrator.typing();
        p.send(command);
        finish(f.process(), command, result(p, command), new Expectation.Success());
    }

    /** Ends every process's input (a quit), waits a bounded time, and kills what is left. */
    private void stopAll() throws InterruptedException {
        List<ConsoleProcess> all = new ArrayList<>(running.values());
        running.clear();
        for (ConsoleProcess p : all) {
            p.endInputAsync();
        }
        for (ConsoleProcess p : all) {
            if (!p.waitForExit(EXIT_MILLIS)) {
                p.kill();
            }
        }
        close();
    }

    /** Kills whatever is still running and closes every transcript. Idempotent; safe from any thread. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ConsoleProcess p : lastHandle.values()) {
            p.close();
        }
    }

    /** The run directory, absolute. */
    public Path runDir() {
        return runDir;
    }
}
