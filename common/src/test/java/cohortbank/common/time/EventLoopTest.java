package cohortbank.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real event loop: one thread, tasks in order, timers, errors, stopping; every wait is bounded. */
class EventLoopTest {

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final EventLoop loop = new EventLoop("test-loop", errors::add);

    @AfterEach
    void close() {
        loop.close();
    }

    /** Waits until every task handed over before this call has run. */
    private void settle() {
        loop.call(() -> null, 5_000);
    }

    @Test
    void tasksFromAnotherThreadRunOnTheLoopThreadInTheOrderGiven() {
        List<Integer> ran = new ArrayList<>(); // touched on the loop only
        List<Boolean> onLoop = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int n = i;
            loop.execute(() -> {
                ran.add(n);
                onLoop.add(loop.inLoop());
            });
        }
        settle();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            expected.add(i);
        }
        assertEquals(expected, loop.call(() -> List.copyOf(ran), 5_000));
        assertFalse(onLoop.contains(false), "every task ran on the loop's own thread");
        assertFalse(loop.inLoop());
    }

    @Test
    void theEndOfTurnHookRunsOnTheLoopAfterTheTurnsTasksAndBeforeItSleeps() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch hooked = new CountDownLatch(1);
        loop.atEndOfTurn(() -> {
            if (!seen.isEmpty() && !seen.get(seen.size() - 1).equals("hook")) {
                seen.add("hook");
                hooked.countDown();
            }
        });
        loop.execute(() -> {
            seen.add("task");
            // Handed over within the turn: it runs in this same turn, before the hook.
            loop.execute(() -> seen.add("task handed over by the task"));
        });
        assertTrue(hooked.await(5, TimeUnit.SECONDS), "the hook ran with no further task to wake the loop");
        assertEquals(List.of("task", "task handed over by the task", "hook"), seen);
    }

    @Test
    void theEndOfTurnHookRunsOnceMoreWhenTheLoopStops() throws Exception {
        EventLoop other = new EventLoop("stopping-loop", errors::add);
        List<Boolean> ranOnLoop = new CopyOnWriteArrayList<>();
        other.atEndOfTurn(() -> ranOnLoop.add(other.inLoop()));
        other.call(() -> null, 5_000);
        int before = ranOnLoop.size();
        other.close();
        assertTrue(ranOnLoop.size() > before, "ran as the loop stopped");
        assertFalse(ranOnLoop.contains(false));
    }

    @Test
    void aTaskScheduledWithoutDelayKeepsItsPlaceAmongExecutedTasks() {
        List<String> ran = new CopyOnWriteArrayList<>();
        loop.execute(() -> {
            loop.execute(() -> ran.add("first"));
            loop.schedule(0, () -> ran.add("second"));
            loop.execute(() -> ran.add("third"));
        });
        settle();
        settle();
        assertEquals(List.of("first", "second", "third"), ran);
    }

    @Test
    void aTimerRunsNoEarlierThanItsDelayAndTimersDueTogetherRunInTheOrderScheduled() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        long[] firedAfterMillis = new long[1];
        loop.execute(() -> {
            loop.schedule(50, () -> {
                firedAfterMillis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                ran.add("a");
            });
            loop.schedule(50, () -> ran.add("b"));
            loop.schedule(60, () -> {
                ran.add("c");
                done.countDown();
            });
            loop.schedule(10, () -> ran.add("early"));
        });
        assertTrue(done.await(5, TimeUnit.SECONDS), "the timers fired");
        assertEquals(List.of("early", "a", "b", "c"), ran);
        assertTrue(firedAfterMillis[0] >= 50, "fired after " + firedAfterMillis[0] + " ms");
    }

    @Test
    void aCancelledTimerNeverRunsWhicheverThreadScheduledIt() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        Cancellable fromOutside = loop.schedule(20, () -> ran.add("outside"));
        fromOutside.cancel();
        Cancellable[] fromInside = new Cancellable[1];
        loop.execute(() -> fromInside[0] = loop.schedule(20, () -> ran.add("inside")));
        settle();
        fromInside[0].cancel();
        CountDownLatch later = new CountDownLatch(1);
        loop.schedule(80, later::countDown);
        assertTrue(later.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(), ran);
    }

    @Test
    void aTaskThatThrowsIsReportedAndTheLoopCarriesOn() {
        loop.execute(() -> {
            throw new IllegalArgumentException("bad input");
        });
        assertEquals("still here", loop.call(() -> "still here", 5_000));
        assertEquals(1, errors.size());
        assertEquals("bad input", errors.get(0).getMessage());
    }

    @Test
    void callPassesOnWhatTheTaskThrowsAndSaysWhenNoAnswerCame() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> loop.call(() -> {
            throw new IllegalArgumentException("refused");
        }, 5_000));
        assertTrue(thrown.getMessage().contains("refused"), thrown.getMessage());
        IllegalStateException silent = assertThrows(IllegalStateException.class,
                () -> loop.callAsync(done -> { }, 50));
        assertTrue(silent.getMessage().contains("no answer"), silent.getMessage());
    }

    @Test
    void stopNowFromATaskRunsNothingAfterItAndLateTasksAreDropped() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch stopping = new CountDownLatch(1);
        loop.execute(() -> {
            loop.execute(() -> ran.add("queued behind the stop"));
            loop.stopNow();
            stopping.countDown();
        });
        assertTrue(stopping.await(5, TimeUnit.SECONDS));
        loop.close(); // waits for the thread to end
        loop.execute(() -> ran.add("after close"));
        loop.schedule(0, () -> ran.add("scheduled after close"));
        assertEquals(List.of(), ran);
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
