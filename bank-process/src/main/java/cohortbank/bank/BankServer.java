package cohortbank.bank;

import cohortbank.common.log.DatagramLog;
import cohortbank.common.log.ProcessLog;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultControl;
import cohortbank.common.net.Transport;
import cohortbank.common.net.TransportLayer;
import cohortbank.common.net.UdpTransport;
import cohortbank.common.security.AuthContext;
import cohortbank.common.security.Authentication;
import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.store.FailStop;
import cohortbank.common.time.EventLoop;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.wire.Reply;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The running bank: a {@link BankNode} on a real UDP port, driven by one {@link EventLoop}
 * thread that owns all of its state. Other threads (the console, tests) reach the state only
 * through {@link #query} and {@link #submit}, which run on that loop.
 */
public final class BankServer implements AutoCloseable {

    private final EventLoop loop;
    private final Transport transport;
    private final BankNode node;
    private final FaultControl faults;
    private final BankKeys keys;
    private final ProcessLog log;
    private final FailStop failStop;
    private final BankConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Completed with the failure when a durable write stops the bank. */
    private final CompletableFuture<DurabilityFailure> stop = new CompletableFuture<>();

    private BankServer(EventLoop loop, Transport transport, BankNode node, FaultControl faults, BankKeys keys,
                       ProcessLog log, BankConfig config) {
        this.keys = keys;
        this.config = config;
        this.loop = loop;
        this.transport = transport;
        this.node = node;
        this.faults = faults;
        this.log = log;
        this.failStop = new FailStop(log, () -> {
            transport.close();
            loop.stopNow();
        });
        failStop.onStop(stop::complete); // a console command waiting for its answer gets this one
    }

    /**
     * Binds {@code local} and starts answering.
     *
     * @param contents what was loaded from {@code store}
     * @param config   the bank's timings and capacities, for the node and for this process's own waits
     * @throws IOException naming the endpoint when it cannot be bound
     */
    public static BankServer start(Endpoint local, BankStore.Contents contents, BankStore store, Random random,
                                   BankConfig config, ProcessLog log) throws IOException {
        return start(local, contents, store, random, config, log, FaultControl.none(random.nextLong()),
                TransportLayer.NONE, e -> { }, BankKeys.inMemory(random.nextLong()));
    }

    /**
     * As {@link #start(Endpoint, BankStore.Contents, BankStore, Random, BankConfig, ProcessLog)}, with
     * {@code faults} injected into every datagram the bank sends, {@code outer} (tracing)
     * wrapped around them, every change of the table reported to {@code events}, and every
     * datagram authenticated under {@code keys} (see {@link BankGate}).
     */
    public static BankServer start(Endpoint local, BankStore.Contents contents, BankStore store, Random random,
                                   BankConfig config, ProcessLog log, FaultControl faults,
                                   TransportLayer outer, Consumer<ProtocolEvent> events, BankKeys keys) throws IOException {
        BankServer[] self = new BankServer[1];
        EventLoop loop = new EventLoop("bank-" + local.port(), e -> {
            DurabilityFailure failure = DurabilityFailure.in(e);
            if (failure != null && self[0] != null) {
                self[0].failStop.stop(failure);
            } else {
                log.error("bank event failed", e);
            }
        });
        Transport transport;
        AuthContext auth = new AuthContext(keys.identity(), keys, line -> log.log("AUTH", line));
        try {
            transport = faults.then(new Authentication(auth)).then(outer).wrap(UdpTransport.bind(local, loop, new DatagramLog(log)), loop);
        } catch (IOException e) {
            loop.close();
            throw e;
        }
        String tag = "b" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
        // data.csv is rewritten on a thread of its own, from immutable snapshots (GroupCommit).
        BankNode node = new BankNode(transport, loop, contents, store, random, config, tag, log, events, keys,
                threadOfItsOwn("bank-" + local.port() + "-rewrite", config.rewriteThreadIdleMillis()));
        try {
            node.start(); // may finish what a previous life left, writing to disk
        } catch (RuntimeException e) {
            transport.close();
            loop.close();
            throw e;
        }
        log.log("START", "bank listening on " + local + " with " + contents.table().size() + " customers, key "
                + keys.identity().fingerprint() + " epoch " + keys.identity().epoch());
        self[0] = new BankServer(loop, transport, node, faults, keys, log, config);
        return self[0];
    }

    /**
     * A {@link Background} on one daemon thread, which ends after {@code idleMillis} with nothing
     * to do, so that a stopped bank leaves none behind; {@link Background#drain} waits for the
     * tasks given so far.
     */
    static Background threadOfItsOwn(String name, long idleMillis) {
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, idleMillis, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        thread.allowCoreThreadTimeOut(true);
        return new Background() {
            @Override
            public void execute(Runnable task) {
                thread.execute(task);
            }

            @Override
            public void drain() {
                try {
                    thread.submit(() -> { }).get(); // the thread runs tasks in order: all before it are done
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the rewrite of data.csv", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    public Endpoint local() {
        return transport.local();
    }

    /** The bank's public key, which customers pin. */
    public String publicKey() {
        return keys.identity().publicKey();
    }

    /**
     * From now on tells {@code observer} of every request from the network, once, when the bank
     * answers it (see {@link BankNode#onAnswered}); the observer runs on the event loop.
     */
    public void onAnswered(BankNode.RequestObserver observer) {
        node.onAnswered(observer);
    }

    /** The faults injected into the bank's outgoing datagrams; the console changes them. */
    public FaultControl faults() {
        return faults;
    }

    /**
     * Runs {@code question} on the event loop and returns its answer (tables are immutable);
     * throws {@link IllegalStateException} if the loop does not answer within
     * {@link BankConfig#queryTimeoutMillis}.
     */
    public <T> T query(Function<Bank, T> question) {
        return loop.call(() -> question.apply(node.bank()), config.queryTimeoutMillis());
    }

    /**
     * Handles a request typed at the bank's console as if it had come by datagram and waits for
     * its reply (a {@code new-cohort} waits for the members), at most {@code timeoutMillis}.
     */
    public Reply submit(List<String> body, long timeoutMillis) {
        if (failStop.stopped()) {
            return Reply.failure(body.get(0) + ": the bank stopped after a failed durable write");
        }
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                node.handleLocal(body, reply::complete);
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
        });
        try {
            // The answer waits for its durable write, which may fail in a later task of the loop:
            // then the stop, not a timeout, is the answer.
            Object first = CompletableFuture.anyOf(reply, stop).get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (first instanceof Reply r) {
                return r;
            }
            return stoppedAnswer(body, (DurabilityFailure) first);
        } catch (ExecutionException e) {
            DurabilityFailure failure = DurabilityFailure.in(e.getCause());
            if (failure != null) {
                failStop.stop(failure);
                return stoppedAnswer(body, failure);
            }
            return Reply.failure(body.get(0) + ": " + e.getCause());
        } catch (TimeoutException e) {
            return Reply.failure(body.get(0) + ": no answer from the event loop within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.failure(body.get(0) + ": interrupted");
        }
    }

    private static Reply stoppedAnswer(List<String> body, DurabilityFailure failure) {
        return Reply.failure(body.get(0) + ": stopped: " + failure.getMessage());
    }

    /**
     * Sets what ends the process when a durable write fails (DESIGN §8): a real bank prints
     * the failure and exits non-zero at once. Before it runs, the bank has already gone silent
     * (its port closed, its loop stopped), exactly as if it had been killed at that write; a
     * restart resumes from what is durable.
     */
    public void onFailStop(Consumer<DurabilityFailure> handler) {
        failStop.onStop(failure -> {
            handler.accept(failure);
            stop.complete(failure); // after the handler: whoever waits sees the process ended
        });
    }

    /** True once a failed durable write stopped this bank. */
    public boolean stopped() {
        return failStop.stopped();
    }

    /**
     * Stops receiving, writes data.csv and its sidecar from memory (so that the next start reads
     * them without a journal to replay), and stops the loop. Idempotent. After a fail-stop
     * nothing is written: the next start recovers from what is durable.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        transport.close();
        if (!failStop.stopped()) {
            try {
                loop.call(() -> {
                    node.bank().rewriteFiles();
                    return null;
                }, config.quitRewriteWaitMillis());
            } catch (IllegalStateException e) {
                // Nothing is lost: the journal still holds every acknowledged change.
                log.error("could not rewrite data.csv at quit; the next start replays its journal", e);
            }
        }
        loop.close();
    }
}
