package cohortbank.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.log.ProcessLog;
import cohortbank.common.wire.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Transfers piped into a console run without waiting for each other, yet their results are
 * printed one per command in the order the commands came, whatever order they complete in.
 */
class InOrderRepliesTest {

    private final List<String> printed = Collections.synchronizedList(new ArrayList<>());
    private final InOrderReplies replies = new InOrderReplies(printed::add, ProcessLog.discard());

    @Test
    void resultsArePrintedInCommandOrderWhateverOrderTheyCompleteIn() throws Exception {
        List<CompletableFuture<Reply>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.add(new CompletableFuture<>());
            replies.add("transfer", results.get(i));
        }

        results.get(2).complete(Reply.success("third"));
        results.get(1).complete(Reply.success("second"));
        assertEquals(List.of(), printed, "nothing before the first result");
        results.get(0).complete(Reply.success("first"));

        assertEquals(List.of("SUCCESS first", "SUCCESS second", "SUCCESS third"), printed);
    }

    @Test
    void drainReturnsOnlyOnceEveryEarlierResultIsPrinted() throws Exception {
        CompletableFuture<Reply> pending = new CompletableFuture<>();
        replies.add("transfer", pending);
        Thread completer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pending.complete(Reply.success("delivered"));
        });
        completer.start();

        replies.drain(10_000);

        assertEquals(List.of("SUCCESS delivered"), printed);
        completer.join();
    }

    @Test
    void aResultThatNeverComesIsAnsweredFailureSoTheConsoleGoesOn() throws Exception {
        CompletableFuture<Reply> never = new CompletableFuture<>();
        replies.add("lost-transfer", never);

        replies.drain(50);

        assertEquals(1, printed.size());
        assertTrue(printed.get(0).startsWith("FAILURE lost-transfer: no answer within 50 ms"), printed.get(0));
    }

    @Test
    void aFullWindowWaitsForRoomInsteadOfGrowing() throws Exception {
        List<CompletableFuture<Reply>> results = new ArrayList<>();
        for (int i = 0; i < InOrderReplies.WINDOW; i++) {
            results.add(new CompletableFuture<>());
            replies.add("transfer", results.get(i));
        }
        Thread adder = new Thread(() -> {
            try {
                replies.add("transfer", CompletableFuture.completedFuture(Reply.success("last")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        adder.start();
        adder.join(200);
        assertTrue(adder.isAlive(), "the window is full: the next command waits");
        int untilResume = InOrderReplies.WINDOW - InOrderReplies.RESUME_AT;
        results.subList(0, untilResume - 1).forEach(r -> r.complete(Reply.success("ok")));
        adder.join(200);
        assertTrue(adder.isAlive(), "it reads on once a quarter of the window is free, not at the first answer");

        results.forEach(r -> r.complete(Reply.success("ok")));
        adder.join(5_000);

        replies.drain(1_000);
        assertEquals(InOrderReplies.WINDOW + 1, printed.size());
        assertEquals("SUCCESS last", printed.get(InOrderReplies.WINDOW));
    }
}
