package cohortbank.common.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkFaultsTest {

    @Test
    void ratesMustBeProbabilitiesAndDelaysAnOrderedNonNegativeRange() {
        assertThrows(IllegalArgumentException.class, () -> NetworkFaults.lossy(-0.1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> NetworkFaults.lossy(0, 1.5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> NetworkFaults.lossy(Double.NaN, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> NetworkFaults.delayed(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> NetworkFaults.delayed(6, 5));
        assertThrows(IllegalArgumentException.class, () -> NetworkFaults.delayed(0, Long.MAX_VALUE));
    }

    @Test
    void delaysAreDrawnWithinTheRangeInclusive() {
        NetworkFaults faults = NetworkFaults.delayed(3, 5);
        Random random = new Random(1);
        boolean sawMin = false;
        boolean sawMax = false;
        for (int i = 0; i < 200; i++) {
            long delay = faults.delay(random);
            assertTrue(delay >= 3 && delay <= 5, "delay " + delay);
            sawMin |= delay == 3;
            sawMax |= delay == 5;
        }
        assertTrue(sawMin && sawMax);
        assertEquals(1, NetworkFaults.NONE.delay(random));
    }
}
