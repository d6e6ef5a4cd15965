package cohortbank.common.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.time.Cancellable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedSchedulerTest {

    private final SimulatedScheduler scheduler = new SimulatedScheduler();
    private final List<String> ran = new ArrayList<>();

    private Runnable record(String name) {
        return () -> ran.add(name + "@" + scheduler.now());
    }

    @Test
    void eventsRunByDueTimeThenBySchedulingOrder() {
        scheduler.schedule(20, record("late"));
        scheduler.schedule(10, record("first-at-10"));
        scheduler.schedule(10, record("second-at-10"));
        scheduler.execute(record("now"));
        scheduler.schedule(10, record("third-at-10"));

        assertEquals(5, scheduler.runUntilIdle(100));

        assertEquals(List.of("now@0", "first-at-10@10", "second-at-10@10", "third-at-10@10", "late@20"), ran);
        assertEquals(5, scheduler.eventsRun());
        assertEquals(20, scheduler.now());
    }

    @Test
    void clockStandsStillUntilEventsAreRun() {
        scheduler.schedule(50, record("a"));
        assertEquals(0, scheduler.now());
        assertTrue(scheduler.runNext());
        assertEquals(50, scheduler.now());
        assertFalse(scheduler.runNext());
        assertEquals(50, scheduler.now());
    }

    @Test
    void runForRunsOnlyWhatIsDueAndMovesTheClockToTheEnd() {
        scheduler.schedule(10, record("due"));
        scheduler.schedule(30, record("boundary"));
        scheduler.schedule(31, record("after"));

        scheduler.runFor(30);

        assertEquals(List.of("due@10", "boundary@30"), ran);
        assertEquals(30, scheduler.now());
        assertEquals(1, scheduler.pendingEvents());
    }

    @Test
    void runUntilAlsoRunsEventsScheduledByEventsWithinTheHorizon() {
        scheduler.schedule(10, () -> scheduler.schedule(5, record("child")));
        scheduler.runUntil(15);
        assertEquals(List.of("child@15"), ran);
        assertThrows(IllegalArgumentException.class, () -> scheduler.runUntil(14));
    }

    @Test
    void aCancelledEventNeverRunsAndCancellingTwiceOrLateIsHarmless() {
        Cancellable cancelled = scheduler.schedule(10, record("cancelled"));
        Cancellable kept = scheduler.schedule(10, record("kept"));
        cancelled.cancel();
        cancelled.cancel();

        assertEquals(1, scheduler.pendingEvents());
        assertEquals(1, scheduler.runUntilIdle(100));
        kept.cancel();

        assertEquals(List.of("kept@10"), ran);
        assertTrue(scheduler.isIdle());
    }

    @Test
    void runUntilIdleStopsAtTheLimitWhenEventsKeepComing() {
        Runnable[] forever = new Runnable[1];
        forever[0] = () -> scheduler.schedule(100, forever[0]);
        scheduler.execute(forever[0]);

        assertEquals(1000, scheduler.runUntilIdle(1000));
        assertFalse(scheduler.isIdle());
    }

    @Test
    void aTaskFailurePropagatesToTheCallerAndTheSchedulerCarriesOn() {
        IllegalStateException boom = new IllegalStateException("boom");
        scheduler.schedule(1, () -> {
            throw boom;
        });
        scheduler.schedule(2, record("after"));

        assertSame(boom, assertThrows(IllegalStateException.class, scheduler::runNext));
        assertEquals(1, scheduler.runUntilIdle(10));
        assertEquals(List.of("after@2"), ran);
    }

    @Test
    void aTaskMayNotDriveTheSchedulerItRunsOn() {
        scheduler.execute(scheduler::runNext);
        assertThrows(IllegalStateException.class, scheduler::runNext);
    }

    @Test
    void negativeDelaysRunNowAndHugeDelaysDoNotWrapIntoThePast() {
        SimulatedScheduler late = new SimulatedScheduler(1_000);
        List<Long> times = new ArrayList<>();
        late.schedule(Long.MAX_VALUE, () -> times.add(late.now()));
        late.schedule(-5, () -> times.add(late.now()));

        late.runUntilIdle(10);

        assertEquals(List.of(1_000L, Long.MAX_VALUE), times);
    }
}
