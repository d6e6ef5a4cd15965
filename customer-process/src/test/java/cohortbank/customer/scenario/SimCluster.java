package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Endpoint;
import cohortbank.common.sim.InMemoryNetwork;
import cohortbank.common.sim.MemoryStorage;
import cohortbank.common.sim.NetworkFaults;
import cohortbank.common.sim.SimulatedScheduler;
import cohortbank.common.time.Cancellable;
import cohortbank.common.time.Scheduler;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import cohortbank.customer.account.Account;
import cohortbank.customer.check.Invariants;
import cohortbank.customer.node.CustomerNode;
import cohortbank.customer.node.NodeListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Customers and a bank on a simulated network, clock and disks, all driven by one seed: a
 * scenario replays exactly. Nodes can be crashed at any instant (or at a chosen write) and
 * restarted from what their disk holds. {@link #assertInvariants} checks PROTOCOL §7.
 */
final class SimCluster {

    /** One customer: its disk outlives its incarnations. */
    final class Handle {
        final String name;
        final Endpoint port1;
        final Endpoint port2;
        final CrashPointStorage storage;
        final List<String> events = new ArrayList<>();
        CustomerNode node;
        boolean alive;
        int incarnation;

        Handle(String name, int index) {
            this.name = name;
            this.port1 = new Endpoint("127.0.0.1", 20000 + index * 2);
            this.port2 = new Endpoint("127.0.0.1", 20001 + index * 2);
            this.storage = new CrashPointStorage(name, new MemoryStorage());
        }

        void boot(String knownName) {
            incarnation++;
            int mine = incarnation;
            Scheduler own = new Scheduler() {
                @Override
                public long now() {
                    return scheduler.now();
                }

                @Override
                public Cancellable schedule(long delayMillis, Runnable task) {
                    // A dead incarnation's timers must not fire into its successor.
                    return scheduler.schedule(delayMillis, () -> {
                        if (alive && incarnation == mine) {
                            task.run();
                        }
                    });
                }
            };
            NodeListener listener = new NodeListener() {
                @Override
                public void event(String text) {
                    events.add(text);
                }

                @Override
                public void log(String text) {
                }
            };
            node = new CustomerNode(bank.endpoint(), network.transport(port1), network.transport(port2), own,
                    n -> storage, listener, new Random(random.nextLong()));
            alive = true;
            node.start(knownName);
        }

        Account account() {
            return node.accountView();
        }
    }

    final SimulatedScheduler scheduler = new SimulatedScheduler();
    final Random random;
    final InMemoryNetwork network;
    final SimBank bank;
    final long seed;
    private final Map<String, Handle> handles = new LinkedHashMap<>();
    private final Map<String, Long> opening = new HashMap<>();

    SimCluster(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        this.network = new InMemoryNetwork(scheduler, new Random(random.nextLong()));
        this.bank = new SimBank(network.transport(new Endpoint("127.0.0.1", 19999)), scheduler);
    }

    /** Opens an account per name with the given balances and forms one cohort of all of them. */
    static SimCluster cohort(long seed, Map<String, Long> balances) {
        SimCluster c = new SimCluster(seed);
        balances.forEach(c::open);
        c.formCohort(1);
        return c;
    }

    /** A cohort of the named customers, each opened with {@code balance} whole units. */
    static SimCluster cohort(long seed, long balance, String... names) {
        Map<String, Long> balances = new LinkedHashMap<>();
        for (String name : names) {
            balances.put(name, balance);
        }
        return cohort(seed, balances);
    }

    void open(String name, long whole) {
        Handle h = new Handle(name, handles.size());
        handles.put(name, h);
        h.boot(null);
        Reply r = command(name, "open " + name + " " + whole);
        assertTrue(r.success(), "open " + name + ": " + r);
        opening.put(name, whole * 100);
    }

    void formCohort(long id) {
        Map<String, Endpoint> port1s = new LinkedHashMap<>();
        List<String> members = new ArrayList<>();
        handles.values().forEach(h -> {
            port1s.put(h.name, h.port1);
            members.add(h.name + "@" + h.port2);
        });
        List<Reply> replies = new ArrayList<>();
        bank.formCohort(id, port1s, members, replies);
        runUntil(() -> replies.size() == port1s.size(), 30_000);
        replies.forEach(r -> assertTrue(r.success(), "cohort-formed: " + r));
    }

    Handle handle(String name) {
        return handles.get(name);
    }

    CustomerNode node(String name) {
        return handles.get(name).node;
    }

    /** Types a console line at {@code name} and runs the world until its result arrives. */
    Reply command(String name, String line) {
        Reply[] result = start(name, line);
        runUntil(() -> result[0] != null || !handles.get(name).alive, 60_000);
        if (result[0] == null) {
            return Reply.failure(name + " crashed before answering '" + line + "'");
        }
        return result[0];
    }

    /** Starts a command without waiting: for concurrent initiations. */
    Reply[] start(String name, String line) {
        Reply[] result = new Reply[1];
        try {
            node(name).command(Envelope.parse(line).body(), r -> result[0] = r);
        } catch (MalformedMessageException e) {
            result[0] = Reply.failure(e.getMessage());
        } catch (SimulatedCrash crash) {
            kill(crash.node);
        }
        return result;
    }

    void runFor(long millis) {
        long until = scheduler.now() + millis;
        runUntil(() -> scheduler.now() >= until, millis + 1);
    }

    /** Runs events until {@code done} or {@code limit} virtual ms pass; crashes thrown by nodes kill them. */
    void runUntil(BooleanSupplier done, long limit) {
        long deadline = scheduler.now() + limit;
        while (!done.getAsBoolean() && scheduler.now() <= deadline) {
            try {
                if (!scheduler.runNext()) {
                    return;
                }
            } catch (SimulatedCrash crash) {
                kill(crash.node);
            }
        }
    }

    /** Lets every retransmission and instance finish on a now healthy network. */
    void quiesce() {
        network.heal();
        network.setDefaultFaults(NetworkFaults.NONE);
        network.clearFaultOverrides();
        runFor(60_000);
    }

    /** {@code kill -9}: the process and everything in flight to it are gone; its disk stays. */
    void kill(String name) {
        Handle h = handles.get(name);
        if (h.alive) {
            h.alive = false;
            h.node.close();
        }
    }

    void restart(String name) {
        Handle h = handles.get(name);
        assertTrue(!h.alive, name + " is still running");
        h.boot(name);
    }

    long balanceCents(String name) {
        return node(name).balance().cents();
    }

    long totalCents() {
        return handles.keySet().stream().mapToLong(this::balanceCents).sum();
    }

    Set<String> names() {
        return handles.keySet();
    }

    /** Whose latest permanent checkpoint is the given instance. */
    Set<String> checkpointedIn(String instance) {
        Set<String> who = new HashSet<>();
        handles.values().forEach(h -> h.node.permanentCheckpoint()
                .filter(c -> c.instance().equals(instance)).ifPresent(c -> who.add(h.name)));
        return who;
    }

    /**
     * PROTOCOL §7 ({@link Invariants}) on the live states and the permanent cut: no orphan,
     * exactly once, no negative balance, consistent checkpoints; with {@code quiet}, also no
     * loss and money.
     */
    void assertInvariants(boolean quiet) {
        List<Invariants.Books> books = new ArrayList<>();
        handles.values().forEach(h -> {
            assertTrue(h.alive, h.name + " is down (seed " + seed + ")");
            Account a = h.account();
            books.add(new Invariants.Books(h.name, opening.get(h.name), a.balance().cents(), a.history(),
                    Optional.of(h.node.permanentCheckpoint().orElseThrow().account().history())));
        });
        List<String> violations = new ArrayList<>(Invariants.safety(books));
        if (quiet) {
            violations.addAll(Invariants.quiet(books));
        }
        assertEquals(List.of(), violations, "PROTOCOL §7 (seed " + seed + ")");
    }
}
