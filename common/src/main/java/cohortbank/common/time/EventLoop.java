package cohortbank.common.time;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The real {@link Scheduler}: one daemon thread that owns all of a process's state.
 *
 * <p>The thread waits in a {@link Selector}, so it reads its sockets itself
 * ({@link #whenReadable}): a datagram that arrives wakes this thread directly, with no reader
 * thread to wake first and hand it over. Other threads (the console, tests) hand it tasks with
 * {@link #execute}; the selector is woken only when the loop sleeps, so a burst of tasks costs
 * one wake-up. Timers live in a queue only this thread touches. An idle loop sleeps until its
 * next timer or the next datagram or task: it never polls.
 *
 * <p>A task that throws is reported to the error handler and the loop carries on, so one bad
 * input never stops a process. Tasks handed over by one thread run in the order given, and
 * tasks due at the same time run in the order they were scheduled.
 */
public final class EventLoop implements Scheduler, AutoCloseable {

    /** Tasks run per turn at most before the loop looks at its sockets and timers again. */
    private static final int TASKS_PER_TURN = 1024;

    /** A task due at {@code due} (nanoseconds); {@code order} keeps equal times first come, first run. */
    private static final class Timer implements Comparable<Timer>, Cancellable {
        final long due;
        final long order;
        final Runnable task;
        volatile boolean cancelled;

        Timer(long due, long order, Runnable task) {
            this.due = due;
            this.order = order;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(due, other.due);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    private final Consumer<Throwable> onError;
    private final Selector selector;
    private final Thread thread;
    /** Tasks from any thread, in the order given. */
    private final Queue<Runnable> incoming = new ConcurrentLinkedQueue<>();
    /** Loop thread only. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** True while the loop is in (or about to enter) a blocking select: a new task must wake it. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final AtomicLong timerOrder = new AtomicLong();
    /** Run at the end of every turn, in the order added (see {@link #atEndOfTurn}). */
    private final List<Runnable> endOfTurn = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    /**
     * Starts the loop's thread, named {@code name}.
     *
     * @throws UncheckedIOException when no selector can be opened (the process has run out of files)
     */
    public EventLoop(String name, Consumer<Throwable> onError) {
        this.onError = onError;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the event loop " + name, e);
        }
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (delayMillis <= 0) {
            // As soon as possible: in line with execute, so that the two keep their order.
            Timer now = new Timer(0, 0, task);
            execute(() -> {
                if (!now.cancelled) {
                    task.run();
                }
            });
            return now;
        }
        Timer timer = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMillis)),
                timerOrder.getAndIncrement(), task);
        if (inLoop()) {
            timers.add(timer);
        } else {
            execute(() -> timers.add(timer));
        }
        return timer;
    }

    @Override
    public void execute(Runnable task) {
        if (stopped) {
            return; // the loop is shutting down; late events are dropped like lost datagrams
        }
        incoming.add(task);
        if (!inLoop() && sleeping.get()) {
            selector.wakeup();
        }
    }

    /**
     * Runs {@code hook} on the loop at the end of every turn: after the due timers, the tasks
     * handed over and the readable sockets of that turn, before the loop looks for more work
     * or sleeps, and once more when the loop stops. What a turn's handlers leave for later
     * (console lines, see {@code BatchedOutput}) goes out there, after the datagrams they sent:
     * an acknowledgement is not kept waiting behind a write to the console (docs/PERFORMANCE.md).
     * A hook that throws is reported like a task.
     */
    public void atEndOfTurn(Runnable hook) {
        endOfTurn.add(hook);
    }

    /**
     * Runs {@code onReadable} on the loop whenever {@code channel} has something to read, until
     * the channel is closed. The channel is switched to non-blocking mode; {@code onReadable}
     * must read until the channel has nothing more (or a fair share), never block.
     */
    public void whenReadable(SelectableChannel channel, Runnable onReadable) {
        execute(() -> {
            try {
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, onReadable);
            } catch (ClosedChannelException closed) {
                // Closed before the loop got to it: nothing to watch.
            } catch (IOException e) {
                throw new UncheckedIOException("cannot watch " + channel, e);
            }
        });
    }

    /**
     * After {@code channel} was closed: lets the loop release it now, so that its port is free
     * when this returns (a closed channel that a selector watches keeps its socket until the
     * selector next looks). Waits at most a second; does nothing once the loop has stopped,
     * which releases every channel.
     */
    public void release(SelectableChannel channel) {
        if (inLoop()) {
            selectNowIgnoringReadiness();
            return;
        }
        if (stopped) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            selectNowIgnoringReadiness();
            done.complete(null);
        });
        try {
            done.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // The loop is stopping or busy; it releases the channel when it next selects or stops.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void selectNowIgnoringReadiness() {
        try {
            // Completes the deregistration of closed channels. Readiness seen here is not lost:
            // the keys stay selected, or sockets stay readable until read, for the loop's next turn.
            selector.selectNow();
        } catch (IOException | ClosedSelectorException e) {
            // Nothing to release.
        }
    }

    /**
     * Runs {@code task} on the loop and waits for its value: how another thread (the console)
     * reads or changes state that only the loop may touch.
     *
     * @throws IllegalStateException when the task throws, or gives no value within {@code timeoutMillis}
     */
    public <T> T call(Supplier<T> task, long timeoutMillis) {
        return callAsync(done -> done.accept(task.get()), timeoutMillis);
    }

    /**
     * Starts an operation on the loop that answers later through its callback (a request that
     * needs network round trips) and waits for that answer; see {@link #call}.
     */
    public <T> T callAsync(Consumer<Consumer<T>> start, long timeoutMillis) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                start.accept(result::complete);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the event loop within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** True when called from this loop's own thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        try {
            while (!stopped) {
                runDueTimers();
                runIncoming();
                endTurn();
                if (stopped) {
                    break;
                }
                select();
            }
        } finally {
            stopped = true;
            incoming.clear();
            endTurn();
            try {
                selector.close(); // releases every channel still watched
            } catch (IOException e) {
                // Nothing more to release.
            }
        }
    }

    private void endTurn() {
        for (Runnable hook : endOfTurn) {
            guarded(hook);
        }
    }

    private void runDueTimers() {
        long now = System.nanoTime();
        while (!stopped && !timers.isEmpty() && timers.peek().due - now <= 0) {
            Timer due = timers.poll();
            if (!due.cancelled) {
                guarded(due.task);
            }
        }
    }

    /** Runs the tasks handed over, up to a fair share, before the sockets get their turn again. */
    private void runIncoming() {
        for (int n = TASKS_PER_TURN; n > 0 && !stopped; n--) {
            Runnable task = incoming.poll();
            if (task == null) {
                return;
            }
            guarded(task);
        }
    }

    /**
     * Waits for a socket, a task or the next timer, then runs the handlers of readable sockets.
     * The handlers run after the select has returned, not inside it: a handler may close a
     * socket and {@link #release} it (a fail-stop does), which selects again.
     */
    private void select() {
        try {
            if (!incoming.isEmpty()) {
                selector.selectNow();
            } else {
                sleeping.set(true);
                try {
                    long wait = millisToNextTimer();
                    if (!incoming.isEmpty() || wait == 0) { // a task came between the check above and sleeping
                        selector.selectNow();
                    } else {
                        selector.select(wait < 0 ? 0 : wait);
                    }
                } finally {
                    sleeping.set(false);
                }
            }
            Set<SelectionKey> selected = selector.selectedKeys();
            if (selected.isEmpty()) {
                return;
            }
            List<SelectionKey> ready = List.copyOf(selected);
            selected.clear();
            for (SelectionKey key : ready) {
                if (!stopped) {
                    ready(key);
                }
            }
        } catch (IOException e) {
            report(e);
        } catch (ClosedSelectorException e) {
            stopped = true;
        }
    }

    /** Milliseconds until the earliest live timer, rounded up; 0 when one is due, -1 when there is none. */
    private long millisToNextTimer() {
        while (!timers.isEmpty() && timers.peek().cancelled) {
            timers.poll();
        }
        if (timers.isEmpty()) {
            return -1;
        }
        long nanos = timers.peek().due - System.nanoTime();
        return nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private void ready(SelectionKey key) {
        if (key.isValid() && key.attachment() instanceof Runnable onReadable) {
            guarded(onReadable);
        }
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            report(e);
        }
    }

    /** Tells the error handler; a handler that throws in turn must not end the loop either. */
    private void report(Throwable e) {
        try {
            onError.accept(e);
        } catch (RuntimeException | Error inHandler) {
            // Nothing more to tell anyone.
        }
    }

    /**
     * Stops the loop without waiting: no task runs after the current one. Safe to call from a
     * task on the loop itself, which {@link #close} (it waits for the running task) is not.
     */
    public void stopNow() {
        stopped = true;
        selector.wakeup();
    }

    /** Stops the loop, waiting briefly for the running task to finish and the sockets to be released. */
    @Override
    public void close() {
        stopNow();
        if (inLoop()) {
            return;
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
