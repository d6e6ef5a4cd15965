package cohortbank.customer.sim;

import cohortbank.customer.node.ProtocolRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One deterministic hostile run of the whole protocol per seed: the real customers and the
 * real bank on a simulated network, clock and disks ({@link SimCluster}), a random workload
 * with faults ({@link Workload}, {@link Hostility}), and DESIGN §7 checked after every
 * simulated event ({@link CohortChecker}), and every checkpoint and rollback typed must
 * complete ({@link CompletionChecker}). Then faults stop, crashed customers restart, and
 * the run must go quiet within {@link #QUIET_LIMIT_MILLIS} of virtual time with every customer
 * idle, nothing in flight, no loss and the money whole.
 *
 * <p>Everything comes from one {@link Random} seeded with the seed, on the calling thread,
 * with no wall clock: the same seed and settings give the same trace hash.
 */
public final class Simulator {

    /** Virtual time the healed system gets to finish every instance and retransmission. */
    public static final long QUIET_LIMIT_MILLIS = 300_000;
    /** The most virtual time between two workload steps. */
    static final int MAX_PAUSE_MILLIS = 600;

    /**
     * @param customers how many customers (3–12), or 0 to draw 3–12 from the seed
     * @param steps     how many workload actions before the faults stop
     * @param rules     the protocol's decisions: {@link ProtocolRules#STANDARD} but in fault-injection tests
     */
    public record Settings(int customers, int steps, ProtocolRules rules) {

        public static final int MIN_CUSTOMERS = 3;
        public static final int MAX_CUSTOMERS = 12;

        public Settings {
            if (customers != 0 && (customers < MIN_CUSTOMERS || customers > MAX_CUSTOMERS)) {
                throw new IllegalArgumentException("customers must be " + MIN_CUSTOMERS + "-" + MAX_CUSTOMERS
                        + " (or 0 to draw), not " + customers);
            }
            if (steps < 0) {
                throw new IllegalArgumentException("steps must be >= 0, not " + steps);
            }
        }

        /** The standard protocol with {@code customers} (0 = drawn) and {@code steps}. */
        public static Settings standard(int customers, int steps) {
            return new Settings(customers, steps, ProtocolRules.STANDARD);
        }
    }

    private Simulator() {
    }

    /** Runs one seed to its end, or to its first violation. */
    public static RunResult run(long seed, Settings settings) {
        return run(seed, settings, line -> { });
    }

    /** As {@link #run(long, Settings)}, also showing {@code show} every trace and process-log line. */
    public static RunResult run(long seed, Settings settings, java.util.function.Consumer<String> show) {
        return run(seed, settings, show, false, SimTracing.NONE);
    }

    /**
     * As {@link #run(long, Settings, java.util.function.Consumer)}, also writing every process's
     * trace into {@code dir} ({@code <name>.trace}, on virtual time) as real processes write
     * theirs; {@link cohortbank.common.trace.TraceTool#render} draws them. Tracing changes
     * nothing in the run: the same seed gives the same trace hash with or without it.
     */
    public static RunResult runTraced(long seed, Settings settings, java.nio.file.Path dir,
            java.util.function.Consumer<String> show) throws java.io.IOException {
        SimTracing tracing = SimTracing.into(dir);
        try {
            return run(seed, settings, show, false, tracing);
        } finally {
            tracing.close();
        }
    }

    /**
     * As {@link #run(long, Settings)}, with an {@link Attacker} on the network that replays,
     * alters and forges a datagram after every step of the workload.
     */
    public static RunResult runAttacked(long seed, Settings settings) {
        return run(seed, settings, line -> { }, true, SimTracing.NONE);
    }

    private static RunResult run(long seed, Settings settings, java.util.function.Consumer<String> show, boolean attacked,
            SimTracing traces) {
        SimCluster c = new SimCluster(seed, settings.rules(), traces);
        TraceHash trace = new TraceHash();
        c.onTrace(line -> {
            trace.add(c.scheduler.now(), line);
            show.accept(c.scheduler.now() + " " + line);
        });
        c.onDiagnostics(show);
        Random random = c.random;
        int n = settings.customers() != 0 ? settings.customers()
                : Settings.MIN_CUSTOMERS + random.nextInt(Settings.MAX_CUSTOMERS - Settings.MIN_CUSTOMERS + 1);
        for (int i = 1; i <= n; i++) {
            c.open("c" + i, 20 + random.nextInt(480));
        }
        c.formCohort();
        Hostility plan = Hostility.draw(random);
        c.trace("faults " + plan);
        c.network.setDefaultFaults(plan.network());

        CohortChecker checker = new CohortChecker(c);
        CompletionChecker completions = new CompletionChecker(c);
        List<String> violations = new ArrayList<>();
        c.afterEvent(() -> {
            completions.afterEvent();
            if (violations.isEmpty()) {
                violations.addAll(checker.safety());
                violations.addAll(completions.violations());
            }
        });
        Workload workload = new Workload(c, plan, completions);
        Attacker attacker = attacked ? new Attacker(c, new Random(~seed)) : null;
        for (int s = 0; s < settings.steps() && violations.isEmpty(); s++) {
            workload.step();
            violations.addAll(workload.misuse().violations());
            if (attacker != null) {
                attacker.burst();
            }
            violations.addAll(checker.safety());
            long until = c.scheduler.now() + random.nextInt(MAX_PAUSE_MILLIS);
            c.runUntil(() -> !violations.isEmpty() || c.scheduler.now() >= until, MAX_PAUSE_MILLIS);
        }
        if (violations.isEmpty()) {
            settle(c, trace, violations, checker, workload.misuse(), completions);
        }
        for (String v : violations) {
            c.trace("VIOLATION " + v);
        }
        if (!violations.isEmpty()) {
            c.dumpState();
        }
        return new RunResult(seed, n, c.scheduler.eventsRun(), violations, trace.hex(), plan);
    }

    /** Faults stop, the crashed restart, and the cohort must go quiet with every invariant whole. */
    private static void settle(SimCluster c, TraceHash trace, List<String> violations, CohortChecker checker,
            MisuseActions misuse, CompletionChecker completions) {
        c.trace("faults stop");
        c.heal();
        completions.partitioned(false);
        if (!c.bankAlive()) {
            c.restartBank();
        }
        for (SimCluster.Handle h : c.handles()) {
            if (!h.serving()) {
                c.kill(h.name); // one restarted without its name is quit first
                c.restart(h.name);
            }
        }
        violations.addAll(checker.safety());
        if (!violations.isEmpty()) {
            return;
        }
        misuse.makeRoom();
        violations.addAll(misuse.violations());
        violations.addAll(checker.safety());
        long deadline = c.scheduler.now() + QUIET_LIMIT_MILLIS;
        c.runUntil(() -> !violations.isEmpty() || c.scheduler.isIdle(), QUIET_LIMIT_MILLIS);
        if (!violations.isEmpty()) {
            return;
        }
        if (!c.scheduler.isIdle()) {
            violations.add("liveness: " + c.scheduler.pendingEvents() + " events still queued "
                    + QUIET_LIMIT_MILLIS / 1000 + " s after the faults stopped (virtual time " + deadline + ")");
        }
        long inFlight = c.network.sent() + c.network.duplicated() - c.network.delivered() - c.network.dropped();
        if (inFlight != 0) {
            violations.add("liveness: " + inFlight + " datagrams still in flight after the faults stopped");
        }
        violations.addAll(checker.quiet());
        violations.addAll(completions.unanswered());
    }
}
