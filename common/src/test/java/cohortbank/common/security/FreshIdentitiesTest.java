package cohortbank.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pair drawn ahead is a real, fresh key pair, drawn only when asked for, and no pair is ever handed out twice. */
class FreshIdentitiesTest {

    @Test
    void handsOutThePairDrawnAheadOnceAndNewPairsAfter() {
        FreshIdentities fresh = drawingAhead();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Identity id = fresh.get();
            assertTrue(PublicKeys.TEXT.matcher(id.publicKey()).matches(), id.publicKey());
            assertEquals(1, id.epoch(), "a new pair starts in its first life");
            assertTrue(keys.add(id.publicKey()), "pair " + i + " was handed out before");
        }
    }

    @Test
    void onDemandDrawsWhenAskedAndHandsOutAPairDrawnAheadLaterOnce() {
        FreshIdentities fresh = FreshIdentities.onDemand();
        Set<String> keys = new HashSet<>();
        assertTrue(keys.add(fresh.get().publicKey()), "drawn when asked");
        fresh.drawAheadNow();
        fresh.drawAheadNow(); // a second call while the first pair waits draws nothing more
        for (int i = 0; i < 3; i++) {
            assertTrue(keys.add(fresh.get().publicKey()), "pair " + i + " was handed out before");
        }
    }

    @Test
    void twoProcessesNeverDrawTheSamePair() {
        assertNotEquals(drawingAhead().get().publicKey(), drawingAhead().get().publicKey());
    }

    @Test
    void aPairDrawnAheadAgreesOnLinkKeysWithItsPeer() {
        Identity a = drawingAhead().get();
        Identity b = drawingAhead().get();
        byte[] data = {1, 2, 3};
        assertEquals(java.util.HexFormat.of().formatHex(new LinkKeys(a).towards(b.publicKey()).doFinal(data)),
                java.util.HexFormat.of().formatHex(new LinkKeys(b).from(a.publicKey()).doFinal(data)));
    }

    /** A source that has started drawing its first pair ahead, as a customer's does once it knows it needs one. */
    private static FreshIdentities drawingAhead() {
        FreshIdentities fresh = FreshIdentities.onDemand();
        fresh.drawAheadNow();
        return fresh;
    }
}
