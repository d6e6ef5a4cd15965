package cohortbank.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.sim.SimulatedScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The fault decorator, over a wire that records what really leaves and when, on simulated time:
 * the rates it draws match the plan, a seed replays the same faults, links follow their own
 * entry, and a plan changed mid-run applies from the next datagram.
 */
class FaultyTransportTest {

    private static final Endpoint SELF = new Endpoint("127.0.0.1", 9000);
    private static final Endpoint B = new Endpoint("127.0.0.1", 9002);
    private static final Endpoint C = new Endpoint("127.0.0.1", 9003);

    /** The real wire, as seen from outside: "time to text" per datagram that left. */
    private static final class Wire implements Transport {
        final SimulatedScheduler scheduler;
        final List<String> left = new ArrayList<>();

        Wire(SimulatedScheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public Endpoint local() {
            return SELF;
        }

        @Override
        public void start(Consumer<Datagram> receiver) {
        }

        @Override
        public void send(Endpoint to, String text) {
            left.add(scheduler.now() + " " + to.port() + " " + text);
        }

        @Override
        public void close() {
        }
    }

    private record Run(FaultyTransport.Stats stats, List<String> left) {
    }

    /** Sends 10,000 numbered datagrams to B, one per millisecond, under {@code faults}. */
    private static Run run(LinkFaults faults, long seed) {
        SimulatedScheduler scheduler = new SimulatedScheduler();
        Wire wire = new Wire(scheduler);
        FaultPlan plan = FaultPlan.NONE.withDefault(faults);
        FaultyTransport faulty = new FaultyTransport(wire, scheduler, () -> plan, new Random(seed));
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            scheduler.schedule(i, () -> faulty.send(B, "m" + n));
        }
        scheduler.runUntilIdle(1_000_000);
        return new Run(faulty.stats(), wire.left);
    }

    @Test
    void dropDuplicateAndReorderHappenAtTheRatesOfThePlan() {
        Run run = run(new LinkFaults(0.3, 0.3, 0.2, 5, 40), 11);
        FaultyTransport.Stats s = run.stats();

        assertEquals(10_000, s.offered());
        // Binomial(10000, 0.3) has a standard deviation of about 46: 200 is over four of them.
        assertTrue(Math.abs(s.dropped() - 3_000) < 200, "dropped " + s.dropped());
        long kept = s.offered() - s.dropped();
        assertTrue(Math.abs(s.duplicated() - kept * 0.3) < 200, "duplicated " + s.duplicated() + " of " + kept);
        long copies = kept + s.duplicated();
        assertEquals(copies, run.left().size(), "every copy that is not dropped leaves exactly once");
        assertTrue(Math.abs(s.reordered() - copies * 0.2) < 200, "reordered " + s.reordered() + " of " + copies);
        assertEquals(copies, s.delayed(), "a delay of 5-40 ms holds every copy back");
        assertTrue(outOfOrder(run.left()) > 0, "some datagrams overtook earlier ones");
    }

    @Test
    void delaysStayWithinTheRangePlusTheReorderHold() {
        Run run = run(new LinkFaults(0, 0, 0.5, 5, 40), 3);
        for (String line : run.left()) {
            String[] parts = line.split(" ");
            long sentAt = Long.parseLong(parts[2].substring(1)); // datagram n was sent at time n
            long waited = Long.parseLong(parts[0]) - sentAt;
            assertTrue(waited >= 5 && waited <= 40 + LinkFaults.HOLD_BACK_MAX_MILLIS, line);
        }
    }

    @Test
    void theSameSeedReplaysTheSameFaultsAndAnotherSeedDoesNot() {
        LinkFaults faults = new LinkFaults(0.3, 0.3, 0.3, 0, 20);
        assertEquals(run(faults, 5), run(faults, 5));
        assertNotEquals(run(faults, 5).left(), run(faults, 6).left());
    }

    @Test
    void withoutFaultsEveryDatagramLeavesAtOnceInOrder() {
        Run run = run(LinkFaults.NONE, 1);
        assertEquals(10_000, run.left().size());
        assertEquals("0 9002 m0", run.left().get(0));
        assertEquals("9999 9002 m9999", run.left().get(9_999));
        assertEquals(0, outOfOrder(run.left()));
    }

    @Test
    void eachLinkFollowsItsOwnEntryAndAChangedPlanAppliesToTheNextDatagram() {
        SimulatedScheduler scheduler = new SimulatedScheduler();
        Wire wire = new Wire(scheduler);
        AtomicReference<FaultPlan> plan = new AtomicReference<>(
                FaultPlan.NONE.withLink(B, new LinkFaults(1, 0, 0, 0, 0)));
        FaultyTransport faulty = new FaultyTransport(wire, scheduler, plan::get, new Random(1));

        faulty.send(B, "lost");
        faulty.send(C, "kept");
        plan.set(plan.get().withDefault(new LinkFaults(0, 1, 0, 0, 0)).withLink(B, LinkFaults.NONE));
        faulty.send(B, "once");
        faulty.send(C, "twice");
        scheduler.runUntilIdle(100);

        assertEquals(List.of("0 9003 kept", "0 9002 once", "0 9003 twice", "0 9003 twice"), wire.left);
        assertEquals(new FaultyTransport.Stats(4, 1, 1, 0, 0), faulty.stats());
    }

    @Test
    void aFaultControlGivesEachTransportItsOwnSeededRandomAndAddsUpTheirCounts() {
        SimulatedScheduler scheduler = new SimulatedScheduler();
        FaultControl control = new FaultControl(FaultPlan.NONE.withDefault(new LinkFaults(0.5, 0, 0, 0, 0)), 99);
        Wire w1 = new Wire(scheduler);
        Wire w2 = new Wire(scheduler);
        Transport t1 = control.wrap(w1, scheduler);
        Transport t2 = control.wrap(w2, scheduler);
        for (int i = 0; i < 200; i++) {
            t1.send(B, "a" + i);
            t2.send(B, "a" + i);
        }
        assertNotEquals(w1.left, w2.left, "two ports do not drop the very same datagrams");
        FaultyTransport.Stats total = control.stats();
        assertEquals(400, total.offered());
        assertEquals(400 - w1.left.size() - w2.left.size(), total.dropped());

        control.set(FaultPlan.NONE);
        t1.send(C, "clean");
        assertEquals("0 9003 clean", w1.left.get(w1.left.size() - 1));
        assertEquals(Map.of(), control.plan().links());
    }

    private static int outOfOrder(List<String> left) {
        int count = 0;
        int highest = -1;
        for (String line : left) {
            int n = Integer.parseInt(line.split(" ")[2].substring(1));
            if (n < highest) {
                count++;
            }
            highest = Math.max(highest, n);
        }
        return count;
    }
}
