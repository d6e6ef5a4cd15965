package cohortbank.customer.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import cohortbank.customer.account.HistoryEntry;
import cohortbank.customer.node.CustomerNode;
import cohortbank.customer.node.NodeListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * PROTOCOL §7 on the live states (and the permanent cut): no orphan, exactly once, no
     * negative balance, consistent checkpoints; with {@code quiet}, also no loss and money.
     */
    void assertInvariants(boolean quiet) {
        String where = " (seed " + seed + ")";
        Map<String, Account> live = new LinkedHashMap<>();
        Map<String, Account> cut = new LinkedHashMap<>();
        handles.values().forEach(h -> {
            assertTrue(h.alive, h.name + " is down" + where);
            live.put(h.name, h.account());
            cut.put(h.name, h.node.permanentCheckpoint().orElseThrow().account());
        });
        assertNoOrphan(live, "live state" + where);
        assertNoOrphan(cut, "permanent checkpoints" + where);
        long expected = 0;
        for (Map.Entry<String, Account> e : live.entrySet()) {
            Account a = e.getValue();
            assertTrue(!a.balance().isNegative(), e.getKey() + " has a negative balance" + where);
            long local = opening.get(e.getKey());
            Set<String> received = new HashSet<>();
            for (HistoryEntry h : a.history()) {
                local += h.deltaCents();
                if (h.kind() == HistoryEntry.Kind.RECEIVED) {
                    assertTrue(received.add(h.counterparty() + "#" + h.label()),
                            e.getKey() + " applied " + h.counterparty() + "'s label " + h.label() + " twice" + where);
                }
                if (h.kind() == HistoryEntry.Kind.DEPOSIT) {
                    expected += h.amount().cents();
                } else if (h.kind() == HistoryEntry.Kind.WITHDRAWAL || h.kind() == HistoryEntry.Kind.LOST) {
                    expected -= h.amount().cents();
                }
            }
            assertEquals(local, a.balance().cents(), e.getKey() + "'s balance disagrees with its history" + where);
            expected += opening.get(e.getKey());
        }
        if (quiet) {
            for (Map.Entry<String, Account> e : live.entrySet()) {
                for (HistoryEntry h : e.getValue().history()) {
                    if (h.kind() == HistoryEntry.Kind.SENT) {
                        Account receiver = live.get(h.counterparty());
                        assertNotNull(receiver);
                        assertTrue(has(receiver, HistoryEntry.Kind.RECEIVED, e.getKey(), h.label()),
                                "lost: " + e.getKey() + "'s label " + h.label() + " to " + h.counterparty()
                                        + " was never received" + where);
                    }
                }
            }
            assertEquals(expected, live.values().stream().mapToLong(a -> a.balance().cents()).sum(),
                    "money is not conserved" + where);
        }
    }

    private static void assertNoOrphan(Map<String, Account> states, String what) {
        states.forEach((receiverName, receiver) -> {
            for (HistoryEntry h : receiver.history()) {
                if (h.kind() == HistoryEntry.Kind.RECEIVED) {
                    Account sender = states.get(h.counterparty());
                    if (sender == null || !has(sender, HistoryEntry.Kind.SENT, receiverName, h.label())) {
                        fail("orphan in " + what + ": " + receiverName + " holds " + h.counterparty()
                                + "'s label " + h.label() + " which its sender does not record as sent");
                    }
                }
            }
        });
    }

    private static boolean has(Account a, HistoryEntry.Kind kind, String counterparty, long label) {
        return a.history().stream().anyMatch(h -> h.kind() == kind && h.label() == label
                && h.counterparty().equals(counterparty));
    }
}
