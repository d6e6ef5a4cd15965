package cohortbank.common.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The vector clock rules ShiViz relies on, and the two text forms of a clock. */
class VectorClockTest {

    @Test
    void eachLocalEventTicksOnlyItsOwnEntryByOne() {
        VectorClock alice = new VectorClock();
        assertEquals(1, alice.tick("alice"));
        assertEquals(2, alice.tick("alice"));
        assertEquals(Map.of("alice", 2L), alice.snapshot());
    }

    @Test
    void aReceiveTakesTheEntryWiseMaximumThenTicks() {
        VectorClock bob = new VectorClock(Map.of("bob", 4L, "alice", 1L, "carol", 7L));
        bob.merge(Map.of("alice", 3L, "bob", 2L, "bank", 5L));
        bob.tick("bob");
        assertEquals(Map.of("alice", 3L, "bob", 5L, "carol", 7L, "bank", 5L), bob.snapshot());
    }

    @Test
    void jsonIsSortedByHostAndReadsBack() {
        Map<String, Long> clock = Map.of("carol", 1L, "alice", 12L, "bank", 3L);
        String json = VectorClock.toJson(clock);
        assertEquals("{\"alice\":12,\"bank\":3,\"carol\":1}", json);
        assertEquals(Optional.of(clock), VectorClock.parseJson(json));
        assertEquals(Optional.of(Map.of()), VectorClock.parseJson("{}"));
        assertTrue(VectorClock.parseJson("{\"al ice\":1}").isEmpty());
        assertTrue(VectorClock.parseJson("{\"alice\":-1}").isEmpty());
        assertTrue(VectorClock.parseJson("[1]").isEmpty());
    }

    @Test
    void theHeaderFormPutsTheSenderFirstAndCarriesUnderscoresAsPlus() {
        Map<String, Long> clock = Map.of("big_spender", 9L, "bank", 2L, "alice", 4L);
        String header = VectorClock.toHeader("big_spender", clock);
        assertEquals("big+spender:9.alice:4.bank:2", header);
        assertTrue(header.matches("[A-Za-z0-9._:+/=-]+"), "fits an envelope header value");
        VectorClock.Stamp stamp = VectorClock.parseHeader(header).orElseThrow();
        assertEquals("big_spender", stamp.sender());
        assertEquals(9, stamp.senderEvent());
        assertEquals(clock, stamp.clock());
    }

    @Test
    void aMalformedHeaderIsNoClockAtAll() {
        for (String bad : new String[] {"", "alice", "alice:x", ":3", "alice:1.alice:2", "9lives:1", "alice:1..bob:2"}) {
            assertTrue(VectorClock.parseHeader(bad).isEmpty(), bad);
        }
    }
}
