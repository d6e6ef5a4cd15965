package cohortbank.customer.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SeedRunner}: runs side by side, hands results back in seed order. */
@Timeout(30)
class SeedRunnerTest {

    @Test
    void resultsComeBackInSeedOrderEvenWhenLaterSeedsFinishFirst() {
        // Seed 1 cannot finish before seed 3 has: the order of completion is the reverse.
        CountDownLatch thirdDone = new CountDownLatch(1);
        List<Long> handedBack = new ArrayList<>();
        new SeedRunner(3).run(1, 3, seed -> {
            if (seed == 1) {
                await(thirdDone);
            }
            if (seed == 3) {
                thirdDone.countDown();
            }
            return seed;
        }, handedBack::add);

        assertEquals(List.of(1L, 2L, 3L), handedBack);
    }

    @Test
    void manyMoreSeedsThanThreadsAreAllHandedBackOnce() {
        List<Long> handedBack = new ArrayList<>();
        new SeedRunner(2).run(10, 500, seed -> seed * seed, handedBack::add);

        assertEquals(500, handedBack.size());
        for (int i = 0; i < 500; i++) {
            assertEquals((10L + i) * (10L + i), handedBack.get(i));
        }
    }

    @Test
    void aSeedThatThrowsStopsTheRunAfterTheSeedsBeforeIt() {
        List<Long> handedBack = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SeedRunner(2).run(1, 10, seed -> {
            if (seed == 4) {
                throw new IllegalStateException("seed 4 broke");
            }
            return seed;
        }, handedBack::add));

        assertEquals("seed 4 broke", e.getMessage());
        assertEquals(List.of(1L, 2L, 3L), handedBack);
    }

    @Test
    void oneThreadRunsOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        List<Boolean> onCaller = new ArrayList<>();
        new SeedRunner(1).run(1, 3, seed -> Thread.currentThread() == caller, onCaller::add);

        assertEquals(List.of(true, true, true), onCaller);
        assertThrows(IllegalArgumentException.class, () -> new SeedRunner(0));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("seed 3 never finished");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
