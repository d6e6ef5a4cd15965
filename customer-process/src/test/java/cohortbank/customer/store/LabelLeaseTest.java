package cohortbank.customer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Transfer labels (and instance sequence numbers) are leased in blocks: one durable write of the meta file covers
 * {@link NodeMeta#LEASE} transfers, and a crash anywhere skips labels but never gives one
 * twice.
 */
class LabelLeaseTest {

    @Test
    void oneDurableWriteCoversAWholeLeaseOfLabels() {
        NodeMeta meta = new NodeMeta();
        int writes = 0;
        for (int i = 0; i < 3 * NodeMeta.LEASE; i++) {
            if (meta.takeLabel()) {
                writes++;
            }
        }
        assertEquals(3, writes);
        assertEquals(3 * NodeMeta.LEASE, meta.lastLabel);
    }

    @Test
    void aCrashAtAnyPointNeverGivesALabelTwice() {
        Random random = new Random(12);
        Set<Long> given = new HashSet<>();
        List<String> onDisk = new NodeMeta().toLines();
        NodeMeta meta = NodeMeta.fromLines(onDisk);
        for (int step = 0; step < 20_000; step++) {
            if (random.nextInt(500) == 0) {
                meta = NodeMeta.fromLines(onDisk); // crash: only what was saved survives
            }
            if (meta.takeLabel()) {
                onDisk = meta.toLines(); // saved before the label is used
            }
            assertTrue(given.add(meta.lastLabel), "label " + meta.lastLabel + " given twice");
        }
    }

    @Test
    void sequenceNumbersAreLeasedTheSameWayAndSurviveACrash() {
        NodeMeta meta = new NodeMeta();
        assertTrue(meta.takeSequence());
        List<String> onDisk = meta.toLines();
        assertFalse(meta.takeSequence());
        long used = meta.sequence;

        NodeMeta restarted = NodeMeta.fromLines(onDisk);
        restarted.takeSequence();
        assertTrue(restarted.sequence > used, "sequence " + restarted.sequence + " after a crash reuses one");
    }

    @Test
    void aFileWrittenBeforeLeasesResumesAboveItsLastLabel() {
        NodeMeta meta = NodeMeta.fromLines(List.of("last-label 7", "sequence 3", "epoch 1", "cohort 0"));

        assertTrue(meta.takeLabel(), "the first label after a restart takes a new lease");
        assertEquals(8, meta.lastLabel);
        assertFalse(meta.takeLabel());
        assertEquals("last-label " + (7 + NodeMeta.LEASE), meta.toLines().get(0));
    }
}
