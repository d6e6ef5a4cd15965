package cohortbank.customer;

import cohortbank.common.console.ConsoleOutput;
import cohortbank.common.log.ProcessLog;
import cohortbank.common.wire.Reply;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The results of commands that run without waiting for each other, printed in the order the
 * commands came, one line each, as soon as every earlier one is printed. On a pipe the
 * console hands transfers to the node as fast as it reads them (so a thousand transfers do
 * not each wait for the one before to be acknowledged) and still keeps the console contract:
 * one {@code SUCCESS}/{@code FAILURE} line per command, in order.
 *
 * <p>At most {@link #WINDOW} results are outstanding; {@link #add} waits for room. Thread-safe:
 * results complete on the event loop, commands come from the console thread.
 */
final class InOrderReplies {

    /** How many commands may be outstanding at once. */
    static final int WINDOW = 256;
    /**
     * Once the window is full, the console goes on reading when at most this many are
     * outstanding: woken once per batch of answers rather than once per answer.
     */
    static final int RESUME_AT = WINDOW * 3 / 4;

    private record Outstanding(String verb, CompletableFuture<Reply> result) {
    }

    private final Deque<Outstanding> inFlight = new ArrayDeque<>();
    private final ConsoleOutput out;
    private final ProcessLog log;
    /** Guarded by this: a thread waits in {@link #add} for room, or in {@link #drain}; printing wakes it only then. */
    private boolean waitingForRoom;
    private boolean draining;

    InOrderReplies(ConsoleOutput out, ProcessLog log) {
        this.out = out;
        this.log = log;
    }

    /**
     * Adds the result of command {@code verb}, to be printed after every earlier one; when the
     * window is full, waits until at most {@link #RESUME_AT} are outstanding.
     */
    void add(String verb, CompletableFuture<Reply> result) throws InterruptedException {
        synchronized (this) {
            if (inFlight.size() >= WINDOW) {
                waitingForRoom = true;
                try {
                    while (inFlight.size() > RESUME_AT) {
                        wait();
                    }
                } finally {
                    waitingForRoom = false;
                }
            }
            inFlight.addLast(new Outstanding(verb, result));
        }
        result.whenComplete((reply, failure) -> printReady());
    }

    /** Prints every result at the head that is complete, in order. */
    private synchronized void printReady() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().result().isDone()) {
            String line = inFlight.pollFirst().result().join().line();
            log.log("OUT", line);
            out.printLines(List.of(line));
        }
        if (draining || (waitingForRoom && inFlight.size() <= RESUME_AT)) {
            notifyAll();
        }
    }

    /**
     * Waits until every result added is printed. A result not complete {@code timeoutMillis}
     * after it reached the head is answered {@code FAILURE} now; the node's own answer then
     * comes later as an {@code EVENT} (see {@link CustomerProcess#submit}).
     */
    synchronized void drain(long timeoutMillis) throws InterruptedException {
        draining = true;
        try {
            awaitEmpty(timeoutMillis);
        } finally {
            draining = false;
        }
    }

    private void awaitEmpty(long timeoutMillis) throws InterruptedException {
        while (!inFlight.isEmpty()) {
            Outstanding head = inFlight.peekFirst();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (inFlight.peekFirst() == head) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    head.result().complete(Reply.failure(head.verb() + ": no answer within " + timeoutMillis
                            + " ms; the outcome will be shown as an EVENT"));
                    printReady();
                    break;
                }
                wait(left);
            }
        }
    }
}
