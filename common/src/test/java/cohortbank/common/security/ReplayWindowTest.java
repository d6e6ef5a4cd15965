package cohortbank.common.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void eachSequenceNumberIsAcceptedOnceInAnyOrderWithinTheWindow() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.accept(1, 5));
        assertTrue(w.accept(1, 3));
        assertTrue(w.accept(1, 4));
        assertFalse(w.accept(1, 3));
        assertFalse(w.accept(1, 5));
        assertTrue(w.accept(1, 100));
        assertFalse(w.accept(1, 100 - ReplayWindow.SIZE), "too far behind is refused as if lost");
        assertTrue(w.accept(1, 100 - ReplayWindow.SIZE + 1));
        assertFalse(w.accept(1, 0));
    }

    @Test
    void aNewerEpochStartsAfreshAndAnOlderOneIsRefused() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.accept(2, 50));
        assertFalse(w.accept(1, 51), "an earlier life of the sender");
        assertTrue(w.accept(3, 1));
        assertFalse(w.accept(2, 51));
        assertFalse(w.accept(3, 1));
    }
}
