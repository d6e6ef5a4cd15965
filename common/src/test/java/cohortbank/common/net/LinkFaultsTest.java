package cohortbank.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one model of link faults, as both the real and the simulated network draw it. */
class LinkFaultsTest {

    @Test
    void ratesMustBeProbabilitiesAndDelaysAnOrderedRangeOfAtMostAMinute() {
        assertThrows(IllegalArgumentException.class, () -> LinkFaults.lossy(-0.1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> LinkFaults.lossy(0, 1.5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> LinkFaults.lossy(Double.NaN, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new LinkFaults(0, 0, 2, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> LinkFaults.delayed(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> LinkFaults.delayed(6, 5));
        assertThrows(IllegalArgumentException.class, () -> LinkFaults.delayed(0, Long.MAX_VALUE));
    }

    @Test
    void delaysAreDrawnWithinTheRangeInclusive() {
        LinkFaults faults = LinkFaults.delayed(3, 5);
        Random random = new Random(1);
        boolean sawMin = false;
        boolean sawMax = false;
        for (int i = 0; i < 200; i++) {
            LinkFaults.Fate fate = faults.fate(random);
            assertEquals(1, fate.delays().size(), "nothing lost or duplicated");
            long delay = fate.delays().get(0);
            assertTrue(delay >= 3 && delay <= 5, "delay " + delay);
            sawMin |= delay == 3;
            sawMax |= delay == 5;
        }
        assertTrue(sawMin && sawMax);
    }

    @Test
    void aHeldBackCopyWaitsTenToAHundredMillisecondsMore() {
        LinkFaults faults = new LinkFaults(0, 0, 1, 5, 5);
        Random random = new Random(2);
        for (int i = 0; i < 200; i++) {
            LinkFaults.Fate fate = faults.fate(random);
            assertEquals(1, fate.heldBack());
            long delay = fate.delays().get(0);
            assertTrue(delay >= 5 + LinkFaults.HOLD_BACK_MIN_MILLIS && delay <= 5 + LinkFaults.HOLD_BACK_MAX_MILLIS,
                    "delay " + delay);
        }
    }

    @Test
    void aDroppedDatagramHasNoCopyAndADuplicatedOneTwo() {
        Random random = new Random(3);
        assertTrue(LinkFaults.lossy(1, 0, 0, 0).fate(random).dropped());
        LinkFaults.Fate twice = LinkFaults.lossy(0, 1, 7, 7).fate(random);
        assertTrue(twice.duplicated());
        assertEquals(List.of(7L, 7L), twice.delays());
    }

    /**
     * The simulator replays a seed only if the draws per datagram never change: drop, then
     * duplicate, then each copy's delay, and nothing for a hold-back that cannot happen.
     */
    @Test
    void theDrawsComeInAFixedOrderAndAReorderOfZeroDrawsNothing() {
        LinkFaults faults = LinkFaults.lossy(0.3, 0.3, 0, 50);
        Random drawn = new Random(4);
        Random expected = new Random(4);
        for (int i = 0; i < 1_000; i++) {
            LinkFaults.Fate fate = faults.fate(drawn);
            if (expected.nextDouble() < 0.3) {
                assertTrue(fate.dropped());
                continue;
            }
            int copies = expected.nextDouble() < 0.3 ? 2 : 1;
            assertEquals(copies, fate.delays().size());
            for (long delay : fate.delays()) {
                assertEquals(expected.nextInt(51), delay);
            }
        }
    }
}
