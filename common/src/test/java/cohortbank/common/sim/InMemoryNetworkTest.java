package cohortbank.common.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.LinkFaults;
import cohortbank.common.net.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InMemoryNetworkTest {

    private static final Endpoint A = new Endpoint("127.0.0.1", 9001);
    private static final Endpoint B = new Endpoint("127.0.0.1", 9002);
    private static final Endpoint C = new Endpoint("127.0.0.1", 9003);

    private final SimulatedScheduler scheduler = new SimulatedScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler, new Random(42));
    private final List<String> trace = new ArrayList<>();

    /** Binds and starts {@code local}, recording every delivery as "time from>to text". */
    private Transport listening(Endpoint local) {
        return listening(network, scheduler, local, trace);
    }

    private static Transport listening(InMemoryNetwork network, SimulatedScheduler scheduler,
            Endpoint local, List<String> trace) {
        Transport transport = network.transport(local);
        transport.start(d -> trace.add(scheduler.now() + " " + d.from().port() + ">" + local.port() + " " + d.text()));
        return transport;
    }

    @Test
    void aPerfectNetworkDeliversEverythingInOrderOneMillisecondLater() {
        Transport a = listening(A);
        listening(B);

        a.send(B, "one");
        a.send(B, "two");
        assertTrue(trace.isEmpty(), "delivery happens on the scheduler, never inside send");
        scheduler.runUntilIdle(100);

        assertEquals(List.of("1 9001>9002 one", "1 9001>9002 two"), trace);
        assertEquals(2, network.sent());
        assertEquals(2, network.delivered());
    }

    @Test
    void theSendersObserverHearsOfEveryDropWithItsCauseAndOfEveryDuplicate() {
        List<String> told = new ArrayList<>();
        network.observeFaults(from -> new cohortbank.common.net.FaultObserver() {
            @Override
            public void dropped(Endpoint to, String text, String why) {
                told.add(from.port() + ">" + to.port() + " " + text + " dropped: " + why);
            }

            @Override
            public void duplicated(Endpoint to, String text) {
                told.add(from.port() + ">" + to.port() + " " + text + " twice");
            }
        });
        Transport a = listening(A);
        Transport b = listening(B);
        network.setLinkFaults(A, B, LinkFaults.lossy(1, 0, 1, 1));
        a.send(B, "lost");
        network.setLinkFaults(A, B, LinkFaults.lossy(0, 1, 1, 1));
        a.send(B, "doubled");
        network.partition(A, C);
        a.send(C, "cut off");
        network.heal();
        network.clearFaultOverrides();
        a.send(B, "too late");
        b.close(); // B crashes with the datagram in flight
        scheduler.runUntilIdle(100);

        assertEquals(List.of("9001>9002 lost dropped: loss", "9001>9002 doubled twice", "9001>9003 cut off dropped: cut",
                "9001>9002 doubled dropped: down", "9001>9002 doubled dropped: down", "9001>9002 too late dropped: down"), told);
        assertEquals(network.dropped(), told.stream().filter(t -> t.contains("dropped")).count(), "every drop is told");
    }

    @Test
    void anEndpointCanBeBoundOnlyOnceWhileOpenButAgainAfterACrash() {
        Transport first = network.transport(A);
        assertThrows(IllegalStateException.class, () -> network.transport(A));
        first.close();
        first.close();
        Transport second = network.transport(A);
        assertEquals(A, second.local());
    }

    @Test
    void theSameSeedReplaysTheSameDeliveriesAndAnotherSeedDoesNot() {
        assertEquals(hostileRun(7), hostileRun(7));
        assertNotEquals(hostileRun(7), hostileRun(8));
    }

    /** Three endpoints chatter over a hostile network; returns the delivery trace. */
    private static List<String> hostileRun(long seed) {
        SimulatedScheduler scheduler = new SimulatedScheduler();
        InMemoryNetwork network = new InMemoryNetwork(scheduler, new Random(seed));
        network.setDefaultFaults(LinkFaults.lossy(0.3, 0.3, 0, 50));
        List<String> trace = new ArrayList<>();
        List<Transport> all = List.of(listening(network, scheduler, A, trace),
                listening(network, scheduler, B, trace), listening(network, scheduler, C, trace));
        for (int i = 0; i < 60; i++) {
            Transport from = all.get(i % 3);
            Endpoint to = all.get((i + 1) % 3).local();
            scheduler.schedule(i, () -> from.send(to, "m"));
        }
        scheduler.runUntilIdle(10_000);
        assertEquals(network.sent() + network.duplicated(), network.delivered() + network.dropped(),
                "seed " + seed + ": every copy is either delivered or dropped");
        return trace;
    }

    @Test
    void aHostileNetworkLosesDuplicatesAndReordersButAccountsForEveryCopy() {
        Transport a = listening(A);
        listening(B);
        network.setDefaultFaults(LinkFaults.lossy(0.3, 0.3, 0, 50));

        for (int i = 0; i < 200; i++) {
            a.send(B, Integer.toString(i));
        }
        scheduler.runUntilIdle(10_000);

        List<Integer> received = trace.stream().map(line -> Integer.parseInt(line.split(" ")[2])).toList();
        assertTrue(network.dropped() > 20, "some lost: " + network.dropped());
        assertTrue(network.duplicated() > 20, "some duplicated: " + network.duplicated());
        assertNotEquals(received.stream().sorted().toList(), received, "some reordered");
        assertEquals(network.sent() + network.duplicated(), network.delivered() + network.dropped());
        assertEquals(received.size(), network.delivered());
    }

    @Test
    void aPartitionDropsBothWaysAndHealRestoresTraffic() {
        Transport a = listening(A);
        Transport b = listening(B);
        Transport c = listening(C);

        network.partition(A, B);
        a.send(B, "lost");
        b.send(A, "lost");
        a.send(C, "still-fine");
        scheduler.runUntilIdle(100);
        assertEquals(List.of("1 9001>9003 still-fine"), trace);

        network.heal();
        a.send(B, "back");
        c.send(A, "ok");
        scheduler.runUntilIdle(100);
        assertEquals(List.of("1 9001>9003 still-fine", "2 9001>9002 back", "2 9003>9001 ok"), trace);
        assertEquals(2, network.dropped());
    }

    @Test
    void isolationCutsAnEndpointFromEveryoneAndBlockCutsOneDirection() {
        Transport a = listening(A);
        Transport b = listening(B);
        Transport c = listening(C);

        network.isolate(C);
        a.send(C, "x");
        c.send(B, "x");
        network.block(A, B);
        a.send(B, "request");
        b.send(A, "reply");
        scheduler.runUntilIdle(100);

        assertEquals(List.of("1 9002>9001 reply"), trace);
        assertTrue(network.isCut(A, B));
        assertTrue(!network.isCut(B, A));
    }

    @Test
    void aPartitionAlsoLosesWhatIsAlreadyInFlightAcrossIt() {
        Transport a = listening(A);
        listening(B);
        network.setDefaultFaults(LinkFaults.delayed(10, 10));

        a.send(B, "in-flight");
        scheduler.runFor(5);
        network.partition(A, B);
        scheduler.runUntilIdle(100);

        assertTrue(trace.isEmpty());
        assertEquals(1, network.dropped());
    }

    @Test
    void aCrashLosesWhatWasInFlightToItEvenIfRestartedBeforeItArrives() {
        Transport a = listening(A);
        Transport b = listening(B);
        network.setDefaultFaults(LinkFaults.delayed(10, 10));

        a.send(B, "before-crash");
        scheduler.runFor(5);
        b.close();
        listening(B);
        a.send(B, "after-restart");
        scheduler.runUntilIdle(100);

        assertEquals(List.of("15 9001>9002 after-restart"), trace);
        assertEquals(1, network.dropped());
    }

    @Test
    void datagramsToUnboundUnstartedOrClosedEndpointsVanishSilently() {
        Transport a = listening(A);
        network.transport(B); // bound but never started
        Transport c = listening(C);
        c.close();

        a.send(B, "x");
        a.send(C, "x");
        a.send(new Endpoint("127.0.0.1", 9999), "x");
        c.send(A, "from-the-dead");
        scheduler.runUntilIdle(100);

        assertTrue(trace.isEmpty());
        assertEquals(3, network.sent(), "a closed transport sends nothing");
        assertEquals(3, network.dropped());
    }

    @Test
    void oversizeDatagramsAreDroppedLikeTheRealTransportDropsThem() {
        Transport a = listening(A);
        listening(B);
        String limit = "x".repeat(Transport.MAX_DATAGRAM_BYTES - 1) + "é";

        a.send(B, "x".repeat(Transport.MAX_DATAGRAM_BYTES));
        a.send(B, limit); // 8191 + 2 bytes of UTF-8: one byte too many
        scheduler.runUntilIdle(100);

        assertEquals(1, trace.size());
        assertEquals(1, network.dropped());
    }

    @Test
    void receiversSeeTextAsUtf8WouldCarryIt() {
        Transport a = listening(A);
        listening(B);
        a.send(B, "half-a-pair \uD800");
        scheduler.runUntilIdle(100);
        assertEquals(List.of("1 9001>9002 half-a-pair ?"), trace);
    }

    @Test
    void linkFaultsOverrideSenderFaultsWhichOverrideTheDefault() {
        LinkFaults slow = LinkFaults.delayed(100, 100);
        LinkFaults medium = LinkFaults.delayed(50, 50);
        network.setDefaultFaults(LinkFaults.delayed(5, 5));
        network.setFaultsFrom(A, medium);
        network.setLinkFaults(A, B, slow);

        assertEquals(slow, network.faults(A, B));
        assertEquals(medium, network.faults(A, C));
        assertEquals(LinkFaults.delayed(5, 5), network.faults(B, A));

        network.clearFaultOverrides();
        assertEquals(LinkFaults.delayed(5, 5), network.faults(A, B));
    }

    @Test
    void aTotallyLossyLinkLosesEverythingWhileOtherLinksStayPerfect() {
        Transport a = listening(A);
        Transport b = listening(B);
        network.setLinkFaults(A, B, LinkFaults.lossy(1.0, 0, 1, 1));

        a.send(B, "lost");
        b.send(A, "kept");
        scheduler.runUntilIdle(100);

        assertEquals(List.of("1 9002>9001 kept"), trace);
    }
}
