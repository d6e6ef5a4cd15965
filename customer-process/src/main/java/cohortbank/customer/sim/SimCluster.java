package cohortbank.customer.sim;

import cohortbank.bank.BankConfig;
import cohortbank.bank.BankDataException;
import cohortbank.bank.BankKeys;
import cohortbank.bank.BankNode;
import cohortbank.bank.BankStore;
import cohortbank.bank.KeyBindings;
import cohortbank.common.net.ForwardingTransport;
import cohortbank.common.net.Transport;
import cohortbank.common.net.TransportLayer;
import cohortbank.common.security.AuthContext;
import cohortbank.common.security.Authentication;
import cohortbank.common.security.Identity;
import cohortbank.common.security.KeyFileException;
import cohortbank.customer.node.CustomerKeys;
import java.io.IOException;
import cohortbank.common.log.ProcessLog;
import cohortbank.common.net.Endpoint;
import cohortbank.common.sim.InMemoryNetwork;
import cohortbank.common.sim.SimulatedScheduler;
import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.time.Cancellable;
import cohortbank.common.time.Scheduler;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.customer.account.Account;
import cohortbank.customer.check.Invariants;
import cohortbank.customer.command.CommandParser;
import cohortbank.customer.command.CustomerCommand;
import cohortbank.customer.command.Result;
import cohortbank.customer.node.CustomerKeys;
import cohortbank.customer.node.CustomerNode;
import cohortbank.customer.node.NodeListener;
import cohortbank.customer.node.ProtocolRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Customers ({@link CustomerNode}) and the real bank ({@link BankNode}) on a simulated network,
 * clock and disks, all driven by one seeded {@link Random} on one thread: the same seed and the
 * same calls replay exactly. Customers and the bank can be crashed at any instant (or at a
 * chosen write, through their {@link CrashableStorage}) and restarted from what their disk holds.
 *
 * <p>Used by the scenario tests and by the {@link Simulator}. Contract: every method runs on
 * the caller's thread and advances virtual time only through the {@code run*} methods; a
 * {@link SimulatedCrash} thrown by a customer's code kills that customer and never escapes.
 */
public final class SimCluster {

    /** Where the bank listens; customers get 20000 + 2i (port1) and 20001 + 2i (port2). */
    public static final Endpoint BANK = new Endpoint("127.0.0.1", 19999);

    /** One customer: its disk outlives its incarnations. */
    public final class Handle {
        public final String name;
        public final Endpoint port1;
        public final Endpoint port2;
        public final CrashableStorage storage;
        private final List<String> events = new ArrayList<>();
        private CustomerNode node;
        private boolean alive;
        private int incarnation;

        Handle(String name, int index) {
            this.name = name;
            this.port1 = new Endpoint("127.0.0.1", 20000 + index * 2);
            this.port2 = new Endpoint("127.0.0.1", 20001 + index * 2);
            this.storage = new CrashableStorage(name);
        }

        void boot(String knownName) {
            incarnation++;
            int mine = incarnation;
            Scheduler own = incarnationScheduler(() -> alive && incarnation == mine);
            NodeListener listener = new NodeListener() {
                @Override
                public void event(String text) {
                    events.add(text);
                    trace.accept(name + " EVENT " + text);
                }

                @Override
                public void log(String text) {
                    diagnostics.accept(scheduler.now() + " " + name + " LOG " + text);
                }

                @Override
                public void protocol(ProtocolEvent event) {
                    tracing.record(name, event);
                }
            };
            // Every datagram is authenticated as in a real process. A customer's key depends on its
            // name only, so runs replay exactly and many seeds share the costly key agreements;
            // a restart keeps the key kept in the customer's storage.
            CustomerKeys keys = new CustomerKeys(BANK, null, () -> customerIdentity(name),
                    line -> diagnostics.accept(scheduler.now() + " " + name + " AUTH " + line));
            TransportLayer layers = keys.layer().then(tracing.start(name, port1, port2)); // as in a real process
            node = new CustomerNode(BANK, plainSends(layers.wrap(wire.tap(network.transport(port1)), own)),
                    plainSends(layers.wrap(wire.tap(network.transport(port2)), own)), own, n -> storage, listener, random,
                    rules, keys);
            alive = true;
            try {
                node.start(knownName);
            } catch (SimulatedCrash crash) {
                kill(name);
            } catch (DurabilityFailure failure) {
                failStopped();
            }
        }

        /** {@code inner}, whose every send is also shown in clear to the {@link #onPlainSend} watcher. */
        private Transport plainSends(Transport inner) {
            return new ForwardingTransport(inner) {
                @Override
                public void send(Endpoint to, String text) {
                    plainSend.sent(name, to, text);
                    inner.send(to, text);
                }
            };
        }

        /** The current incarnation (the dead one after a crash, until a restart). */
        public CustomerNode node() {
            return node;
        }

        public boolean alive() {
            return alive;
        }

        /** Up and knowing its account: not down, and not restarted without its name. */
        public boolean serving() {
            return alive && node.hasIdentity();
        }

        /** How many times this customer's process was started: a restart makes a new incarnation. */
        public int incarnation() {
            return incarnation;
        }

        /** Every unprompted event line this customer printed, across incarnations. */
        public List<String> events() {
            return events;
        }

        public Account account() {
            return node.accountView();
        }
    }

    /** The name under which the bank is crashed, restarted and traced. */
    public static final String BANK_NAME = "bank";
    /** The bank's key pair, the same in every run so that a seed replays. */
    private static final Identity BANK_IDENTITY = Identity.seeded(0);

    public final SimulatedScheduler scheduler = new SimulatedScheduler();
    /** Every datagram as it went on the wire, for the {@link Attacker}. */
    final WireTap wire = new WireTap();
    /** The bank's disk (data.csv and its sidecar): it outlives the bank's incarnations. */
    public final CrashableStorage bankDisk = new CrashableStorage(BANK_NAME);
    private BankNode bank;
    private boolean bankAlive;
    private int bankIncarnation;
    /** The one source of chance of the whole run: network, bank, customers and workload. */
    public final Random random;
    public final InMemoryNetwork network;
    public final long seed;
    private final ProtocolRules rules;
    private final SimTracing tracing;
    private final Map<String, Handle> handles = new LinkedHashMap<>();
    private final Map<String, Long> opening = new LinkedHashMap<>();
    private Consumer<String> trace = line -> { };
    private Consumer<String> diagnostics = line -> { };
    private Runnable afterEvent = () -> { };
    private PlainSendWatcher plainSend = (from, to, text) -> { };

    /** A cluster with no customer yet, running the standard protocol. */
    public SimCluster(long seed) {
        this(seed, ProtocolRules.STANDARD);
    }

    /** A cluster whose customers take the protocol's decisions by {@code rules}. */
    public SimCluster(long seed, ProtocolRules rules) {
        this(seed, rules, SimTracing.NONE);
    }

    /** As above, writing every process's trace through {@code tracing}. */
    SimCluster(long seed, ProtocolRules rules, SimTracing tracing) {
        this.seed = seed;
        this.rules = rules;
        this.tracing = tracing;
        tracing.onTime(scheduler);
        this.random = new Random(seed);
        this.network = new InMemoryNetwork(scheduler, random);
        network.observeFaults(tracing::observerFor);
        bankDisk.onCrash(() -> kill(BANK_NAME));
        bootBank();
    }

    /** Starts the bank from what its disk holds; it finishes or cancels what a previous life left. */
    private void bootBank() {
        bankIncarnation++;
        int mine = bankIncarnation;
        Scheduler own = incarnationScheduler(() -> bankAlive && bankIncarnation == mine);
        BankStore store = new BankStore(bankDisk, "data.csv", Path.of("data.csv"));
        BankStore.Contents contents;
        BankKeys bankKeys;
        try {
            contents = store.load(); // may write the balance reports data.csv lacks
            bankKeys = bankKeys(); // writes the key file's next epoch
        } catch (SimulatedCrash crash) {
            return; // died while starting: down until restarted
        } catch (BankDataException | IOException | KeyFileException e) {
            if (bankDisk.takeFailure()) {
                trace.accept("bank FAIL-STOP"); // a real bank says it cannot start: down until restarted
                return;
            }
            throw new IllegalStateException("the simulated bank's disk does not load: " + e.getMessage(), e);
        }
        AuthContext bankAuth = new AuthContext(bankKeys.identity(), bankKeys, line -> { });
        TransportLayer bankLayers = new Authentication(bankAuth).then(tracing.start("bank", BANK)); // as in a real bank
        bank = new BankNode(bankLayers.wrap(wire.tap(network.transport(BANK)), own), own, contents, store, random,
                BankConfig.DEFAULTS, "bank" + mine, ProcessLog.discard(), event -> tracing.record("bank", event),
                bankKeys);
        bankAlive = true;
        try {
            bank.start();
        } catch (SimulatedCrash crash) {
            kill(BANK_NAME);
        } catch (DurabilityFailure failure) {
            failStopped();
        }
    }

    /** The cluster's clock for one process incarnation: a dead incarnation's timers must not fire into its successor. */
    private Scheduler incarnationScheduler(BooleanSupplier current) {
        return new Scheduler() {
            @Override
            public long now() {
                return scheduler.now();
            }

            @Override
            public Cancellable schedule(long delayMillis, Runnable task) {
                return scheduler.schedule(delayMillis, () -> {
                    if (current.getAsBoolean()) {
                        task.run();
                    }
                });
            }
        };
    }

    /** The bank's current incarnation (the dead one after a crash, until a restart). */
    public BankNode bank() {
        return bank;
    }

    public boolean bankAlive() {
        return bankAlive;
    }

    /** Starts a killed bank again from what its disk holds. */
    public void restartBank() {
        if (bankAlive) {
            throw new IllegalStateException("the bank is still running");
        }
        trace.accept("bank RESTARTED");
        bootBank();
    }

    /**
     * The bank's keys on its crashable disk beside data.csv, as a real bank keeps them: the
     * bindings survive its crashes, and each start is a new epoch of the same key.
     */
    private BankKeys bankKeys() throws IOException, KeyFileException {
        return new BankKeys(Identity.loadOrCreate(bankDisk, "data-identity.key", () -> BANK_IDENTITY),
                KeyBindings.load(bankDisk, "data-keys.csv"));
    }

    /** The public key of whoever listens at {@code endpoint} (the bank, or a customer's port); public knowledge. */
    String publicKeyAt(Endpoint endpoint) {
        for (Handle h : handles.values()) {
            if (h.port1.equals(endpoint) || h.port2.equals(endpoint)) {
                return customerIdentity(h.name).publicKey();
            }
        }
        return BANK_IDENTITY.publicKey();
    }

    private static Identity customerIdentity(String name) {
        return Identity.seeded(name.hashCode());
    }

    /** Opens an account per name with the given balances (whole units) and forms one cohort of all. */
    public static SimCluster cohort(long seed, Map<String, Long> balances) {
        SimCluster c = new SimCluster(seed);
        balances.forEach(c::open);
        c.formCohort();
        return c;
    }

    /** A cohort of the named customers, each opened with {@code balance} whole units. */
    public static SimCluster cohort(long seed, long balance, String... names) {
        Map<String, Long> balances = new LinkedHashMap<>();
        for (String name : names) {
            balances.put(name, balance);
        }
        return cohort(seed, balances);
    }

    /** Receives one line per thing that happened (commands, answers, events): the run's trace. */
    public void onTrace(Consumer<String> trace) {
        this.trace = trace;
    }

    /** Adds a line to the trace. */
    public void trace(String line) {
        trace.accept(line);
    }

    /** Shows every customer's state (activity and durable meta) on the diagnostics stream. */
    public void dumpState() {
        for (Handle h : handles.values()) {
            diagnostics.accept("STATE " + h.name + (h.alive ? " " + h.node.activity() : " down"));
            new cohortbank.customer.store.CustomerStore(h.storage, w -> { }).loadMeta()
                    .ifPresent(m -> m.toLines().forEach(line -> diagnostics.accept("STATE " + h.name + " meta " + line)));
        }
    }

    /** Receives the customers' process-log lines, for reading a replayed run; not part of the trace. */
    public void onDiagnostics(Consumer<String> diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * Sees every datagram a customer hands to its transport, in clear (before it is sealed), with
     * the sender's name and destination, re-sends included: what a test counts messages by.
     */
    public void onPlainSend(PlainSendWatcher watcher) {
        this.plainSend = watcher;
    }

    /**
     * From now on, every datagram {@code from} sends to {@code to} whose text contains
     * {@code marker} (sealed datagrams carry their body in clear) goes on the wire
     * {@code millis} late, after datagrams sent later: UDP's late delivery, for scenarios.
     * Rules add up; {@link #sendOnTime} ends them all.
     */
    public void sendLate(Endpoint from, Endpoint to, String marker, long millis) {
        wire.late(new WireTap.Late(from, to, marker, millis, scheduler));
    }

    /** Ends every {@link #sendLate}: datagrams go on the wire when sent again. */
    public void sendOnTime() {
        wire.onTime();
    }

    /** Sees one datagram a customer sends, in clear. */
    @FunctionalInterface
    public interface PlainSendWatcher {
        void sent(String from, Endpoint to, String text);
    }

    /** Runs after every simulated event, e.g. to check invariants. */
    public void afterEvent(Runnable check) {
        this.afterEvent = check;
    }

    /** Starts a customer process and opens its account at the bank with its own address. */
    public void open(String name, long whole) {
        Handle h = new Handle(name, handles.size());
        handles.put(name, h);
        h.boot(null);
        Result r = command(name, "open " + name + " " + whole);
        if (!r.success()) {
            throw new IllegalStateException("open " + name + ": " + r.line());
        }
        opening.put(name, whole * 100);
    }

    /** The first customer asks the real bank for a cohort of everyone opened so far. */
    public void formCohort() {
        String founder = handles.keySet().iterator().next();
        Result r = command(founder, "new-cohort " + founder + " " + handles.size());
        if (!r.success()) {
            throw new IllegalStateException("new-cohort: " + r.line());
        }
        // The bank answers once all acknowledged; the acknowledgements may still be on their way.
        runFor(100);
    }

    public Handle handle(String name) {
        return handles.get(name);
    }

    public Collection<Handle> handles() {
        return handles.values();
    }

    public CustomerNode node(String name) {
        return handles.get(name).node;
    }

    /** The balance each customer opened with, in cents. */
    public long openingCents(String name) {
        return opening.get(name);
    }

    /** Types a console line at {@code name} and runs the world until its result arrives. */
    public Result command(String name, String line) {
        Result[] result = start(name, line);
        runUntil(() -> result[0] != null || !handles.get(name).alive, 60_000);
        if (result[0] == null) {
            return new Result.Failed(name + " crashed before answering '" + line + "'");
        }
        return result[0];
    }

    /** Starts a command without waiting: for concurrent initiations. */
    public Result[] start(String name, String line) {
        Result[] result = new Result[1];
        trace.accept(name + " < " + line);
        Consumer<Result> done = r -> {
            result[0] = r;
            trace.accept(name + " > " + r.line());
        };
        try {
            List<String> words = Envelope.parse(line).body();
            CustomerCommand command;
            try {
                command = CommandParser.parse(words);
            } catch (MalformedMessageException bad) {
                done.accept(new Result.Failed(bad.getMessage())); // answered as the console answers it
                return result;
            }
            node(name).submit(command, done);
        } catch (MalformedMessageException e) {
            result[0] = new Result.Failed(e.getMessage());
        } catch (SimulatedCrash crash) {
            kill(crash.node());
        } catch (DurabilityFailure failure) {
            failStopped();
        }
        return result;
    }

    public void runFor(long millis) {
        long until = scheduler.now() + millis;
        runUntil(() -> scheduler.now() >= until, millis + 1);
    }

    /** Runs events until {@code done} or {@code limit} virtual ms pass; crashes thrown by nodes kill them. */
    public void runUntil(BooleanSupplier done, long limit) {
        long deadline = scheduler.now() + limit;
        while (!done.getAsBoolean() && scheduler.now() <= deadline) {
            if (!step()) {
                return;
            }
        }
    }

    /**
     * Runs the next event, then the after-event hook.
     *
     * @return false when nothing is left to run
     */
    public boolean step() {
        try {
            if (!scheduler.runNext()) {
                return false;
            }
        } catch (SimulatedCrash crash) {
            kill(crash.node());
        } catch (DurabilityFailure failure) {
            failStopped();
        }
        afterEvent.run();
        return true;
    }

    /** Lets every retransmission and instance finish on a now healthy network. */
    public void quiesce() {
        heal();
        runFor(60_000);
    }

    /** Ends every fault: partitions, loss, duplication, delays and armed crashes. */
    public void heal() {
        network.heal();
        network.setDefaultFaults(InMemoryNetwork.PERFECT_LINK);
        network.clearFaultOverrides();
        handles.values().forEach(h -> h.storage.disarm());
        bankDisk.disarm();
    }

    /**
     * A durable write failed in the process (a customer or the bank) whose disk was made to fail: it stops at that write
     * (fail-stop), which the simulator plays as a crash there. The failure names no node, so the
     * failed disk tells whose it was; exactly one can have failed since the last event.
     */
    private void failStopped() {
        if (bankDisk.takeFailure() && bankAlive) {
            trace.accept("bank FAIL-STOP");
            kill(BANK_NAME);
        }
        handles.values().stream().filter(h -> h.storage.takeFailure() && h.alive).toList().forEach(h -> {
            trace.accept(h.name + " FAIL-STOP");
            kill(h.name);
        });
    }

    /** {@code kill -9}: the process and everything in flight to it are gone; its disk stays. */
    public void kill(String name) {
        if (name.equals(BANK_NAME)) {
            if (bankAlive) {
                bankAlive = false;
                bank.close();
                tracing.killed(BANK_NAME);
                trace.accept("bank KILLED");
            }
            return;
        }
        Handle h = handles.get(name);
        if (h.alive) {
            h.alive = false;
            h.node.close();
            tracing.killed(name);
            trace.accept(name + " KILLED");
        }
    }

    /** Starts a killed customer again with its name, from what its disk holds. */
    public void restart(String name) {
        reboot(name, name, " RESTARTED");
    }

    /**
     * Starts a killed customer's process again on the same ports and state directory but
     * without its name, as a user who forgot {@code --name}: it knows no account until it
     * is told one.
     */
    public void restartWithoutName(String name) {
        reboot(name, null, " RESTARTED WITHOUT NAME");
    }

    private void reboot(String name, String knownName, String what) {
        Handle h = handles.get(name);
        if (h.alive) {
            throw new IllegalStateException(name + " is still running");
        }
        trace.accept(name + what);
        h.boot(knownName);
    }

    public long balanceCents(String name) {
        return node(name).balance().cents();
    }

    public long totalCents() {
        return handles.keySet().stream().mapToLong(this::balanceCents).sum();
    }

    public Set<String> names() {
        return handles.keySet();
    }

    /** Whose latest permanent checkpoint is the given instance. */
    public Set<String> checkpointedIn(String instance) {
        Set<String> who = new HashSet<>();
        handles.values().forEach(h -> h.node.permanentCheckpoint()
                .filter(c -> c.instance().equals(instance)).ifPresent(c -> who.add(h.name)));
        return who;
    }

    /**
     * DESIGN §7 ({@link Invariants}) on the live states and the permanent cut of running
     * customers: no orphan, exactly once, no negative balance, consistent checkpoints; with
     * {@code quiet}, also no loss and money. A customer that is down is a violation itself.
     */
    public List<String> violations(boolean quiet) {
        List<Invariants.Books> books = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (Handle h : handles.values()) {
            if (!h.serving()) {
                violations.add(h.name + (h.alive ? " has no account (restarted without its name)" : " is down"));
                continue;
            }
            Account a = h.account();
            books.add(new Invariants.Books(h.name, opening.get(h.name), a.balance().cents(), a.history(),
                    h.node.permanentCheckpoint().map(c -> c.account().history())));
        }
        violations.addAll(Invariants.safety(books));
        if (quiet) {
            violations.addAll(Invariants.quiet(books));
        }
        return violations;
    }

    /**
     * What the simulator checks, for scenario tests: safety now ({@link #violations} with
     * crashed customers judged by their disks, and no customer moving money in a cohort the
     * bank does not hold); with {@code quiet}, also everyone up and idle, no loss and money whole.
     */
    public List<String> simulatorViolations(boolean quiet) {
        CohortChecker checker = new CohortChecker(this);
        return quiet ? checker.quiet() : checker.safety();
    }

    /** {@link #violations}, for tests: throws {@link AssertionError} naming the seed and every violation. */
    public void assertInvariants(boolean quiet) {
        List<String> v = violations(quiet);
        if (!v.isEmpty()) {
            throw new AssertionError("DESIGN §7 (seed " + seed + "): " + String.join("; ", v));
        }
    }
}
