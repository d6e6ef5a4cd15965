package cohortbank.customer;

import cohortbank.common.console.BatchedOutput;
import cohortbank.common.log.DatagramLog;
import cohortbank.common.log.ProcessLog;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultControl;
import cohortbank.common.net.Transport;
import cohortbank.common.net.TransportLayer;
import cohortbank.common.net.UdpTransport;
import cohortbank.common.security.FreshIdentities;
import cohortbank.common.security.Identity;
import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.store.FailStop;
import cohortbank.common.store.Storage;
import cohortbank.common.time.EventLoop;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import cohortbank.customer.command.CommandParser;
import cohortbank.customer.command.CustomerCommand;
import cohortbank.customer.node.CustomerKeys;
import cohortbank.customer.node.CustomerNode;
import cohortbank.customer.node.NodeConfig;
import cohortbank.customer.node.NodeListener;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A running customer: a {@link CustomerNode} on two real UDP ports (port1 for the bank, port2
 * for peers), driven by one {@link EventLoop} thread that owns all of its state. Other threads
 * (the console, tests) reach the node only through {@link #query} and {@link #command}, which
 * run on that loop and wait a bounded time for the answer.
 */
public final class CustomerProcess implements AutoCloseable {

    private final EventLoop loop;
    private final HeardFrom bankPort;
    private final Transport peerPort;
    private final CustomerNode node;
    private final Function<String, Storage> storageFor;
    private final FreshIdentities fresh;
    private final FaultControl faults;
    private final ProcessLog log;
    private final NodeListener listener;
    /** How long a {@link #query} may take on the loop; queries only read state. */
    private final long queryTimeoutMillis;
    /**
     * How long a command that needs the bank waits in silence before an {@code EVENT} says that
     * the bank is not answering yet (the node keeps trying until its own budget runs out).
     */
    private final long bankSilenceNoticeMillis;
    private volatile Waiting waiting;
    private boolean quit;
    /** Ends the process after a failed durable write; by default it only goes silent. */
    private final FailStop failStop;

    private CustomerProcess(EventLoop loop, HeardFrom bankPort, Transport peerPort, CustomerNode node,
            Function<String, Storage> storageFor, FreshIdentities fresh, FaultControl faults, ProcessLog log,
            NodeListener listener, NodeConfig config) {
        this.storageFor = storageFor;
        this.fresh = fresh;
        this.queryTimeoutMillis = config.queryTimeoutMillis();
        this.bankSilenceNoticeMillis = config.bankSilenceNoticeMillis();
        this.log = log;
        this.listener = listener;
        this.loop = loop;
        this.bankPort = bankPort;
        this.peerPort = peerPort;
        this.node = node;
        this.faults = faults;
        this.failStop = new FailStop(log, () -> {
            bankPort.close();
            peerPort.close();
            loop.stopNow();
        });
    }

    /**
     * Binds both ports and builds the node, which does not receive anything until {@link #start}.
     *
     * @param storageFor the customer's durable state by name (see {@link CustomerNode})
     * @throws IOException naming the endpoint when a port cannot be bound
     */
    public static CustomerProcess bind(Endpoint bank, Endpoint port1, Endpoint port2,
            Function<String, Storage> storageFor, NodeListener listener, Random random, ProcessLog log)
            throws IOException {
        return bind(bank, port1, port2, storageFor, listener, random, log, FaultControl.none(random.nextLong()),
                TransportLayer.NONE, null);
    }

    /**
     * As {@link #bind(Endpoint, Endpoint, Endpoint, Function, NodeListener, Random, ProcessLog)},
     * with {@code faults} injected into every datagram sent from either port and {@code outer}
     * (tracing) wrapped around them, every datagram authenticated (see {@link CustomerKeys}),
     * and the bank's key required to have fingerprint {@code bankKey} unless that is null.
     */
    public static CustomerProcess bind(Endpoint bank, Endpoint port1, Endpoint port2,
            Function<String, Storage> storageFor, NodeListener listener, Random random, ProcessLog log,
            FaultControl faults, TransportLayer outer, String bankKey) throws IOException {
        return bind(bank, port1, port2, storageFor, listener, random, log, faults, outer, bankKey, NodeConfig.DEFAULTS);
    }

    /**
     * As the method above, with the node's and this process's timings and capacities from
     * {@code config} instead of {@link NodeConfig#DEFAULTS}.
     */
    public static CustomerProcess bind(Endpoint bank, Endpoint port1, Endpoint port2,
            Function<String, Storage> storageFor, NodeListener listener, Random random, ProcessLog log,
            FaultControl faults, TransportLayer outer, String bankKey, NodeConfig config) throws IOException {
        CustomerProcess[] self = new CustomerProcess[1];
        EventLoop loop = new EventLoop("customer-" + port1.port(), e -> {
            DurabilityFailure failure = DurabilityFailure.in(e);
            if (failure != null && self[0] != null) {
                self[0].failStop.stop(failure);
            } else {
                log.error("customer event failed", e);
            }
        });
        // The key pair of a first open is drawn ahead, and only when there is none on disk (start).
        FreshIdentities fresh = FreshIdentities.onDemand();
        CustomerKeys keys = new CustomerKeys(bank, bankKey, fresh, line -> log.log("AUTH", line));
        TransportLayer layers = faults.then(keys.layer()).then(outer);
        HeardFrom bankPort = null;
        try {
            bankPort = new HeardFrom(layers.wrap(UdpTransport.bind(port1, loop, new DatagramLog(log)), loop),
                    bank);
            Transport peerPort = layers.wrap(UdpTransport.bind(port2, loop, new DatagramLog(log)), loop);
            CustomerNode node = new CustomerNode(bank, bankPort, peerPort, loop, storageFor, listener, random, keys, config);
            self[0] = new CustomerProcess(loop, bankPort, peerPort, node, storageFor, fresh, faults, log, listener,
                    config);
            return self[0];
        } catch (IOException | RuntimeException e) {
            if (bankPort != null) {
                bankPort.close();
            }
            loop.close();
            throw e;
        }
    }

    /**
     * Starts receiving; with a {@code name} (may be null) loads that customer's state, which may
     * print the node's own events about resuming or recovering.
     */
    public void start(String name) {
        // A customer without a key pair on disk gets one as its state loads (started by name) or
        // at its first open: drawn ahead from here on (FreshIdentities), not from the start of
        // the process, where it competed with the start-up for the cores; and never for a
        // customer resumed with its key, which used to draw one for nothing.
        if (name == null || !hasKeyOnDisk(name)) {
            fresh.drawAheadNow();
        }
        query(n -> {
            n.start(name);
            return null;
        });
    }

    private boolean hasKeyOnDisk(String name) {
        try {
            return storageFor.apply(name).read(Identity.FILE).isPresent();
        } catch (IOException e) {
            return false; // the node reads it again and reports what is wrong
        }
    }

    public Endpoint port1() {
        return bankPort.local();
    }

    public Endpoint port2() {
        return peerPort.local();
    }

    /** The faults injected into this customer's outgoing datagrams; the console changes them. */
    public FaultControl faults() {
        return faults;
    }

    /**
     * Runs {@code question} on the event loop and returns its answer.
     *
     * @throws IllegalStateException when it throws or takes longer than {@link NodeConfig#queryTimeoutMillis}
     */
    public <T> T query(Function<CustomerNode, T> question) {
        if (failStop.stopped()) {
            throw new IllegalStateException("stopped after a failed durable write");
        }
        try {
            return loop.call(() -> question.apply(node), queryTimeoutMillis);
        } catch (IllegalStateException e) {
            DurabilityFailure failure = DurabilityFailure.in(e);
            if (failure != null) {
                failStop.stop(failure);
            }
            throw e;
        }
    }

    /**
     * Lines that {@code out} is given on the event loop (the node's {@code EVENT}s, pipelined
     * answers) wait until the end of the loop's turn: the datagrams a handler sends go out before
     * its console output, and the answers of a burst share one write (docs/PERFORMANCE.md).
     */
    public void batchOnLoop(BatchedOutput out) {
        out.deferWhen(loop::inLoop);
        loop.atEndOfTurn(out::flush);
    }

    /**
     * Sets what ends the process when a durable write fails: a real process prints the failure
     * and exits non-zero at once. Before it runs, the node has already gone silent (both ports
     * closed, the loop stopped), so whatever it does cannot let memory run ahead of the disk.
     */
    public void onFailStop(Consumer<DurabilityFailure> handler) {
        failStop.onStop(handler);
    }

    /** True once a failed durable write stopped this process. */
    public boolean stopped() {
        return failStop.stopped();
    }

    /**
     * Executes one command of the node on the event loop and waits for its single result, at
     * most {@code timeoutMillis}, or until {@link #stopWaiting}. Never throws: a failure of any
     * kind is a {@code FAILURE} reply. A result that comes after the wait ended (Ctrl-C, or the
     * time ran out) is not lost: it is printed as an {@code EVENT}. A command that needs the bank
     * and has heard nothing from it after {@link NodeConfig#bankSilenceNoticeMillis} says so in an
     * {@code EVENT} and waits on.
     */
    public Reply command(List<String> tokens, long timeoutMillis) {
        return command(tokens, timeoutMillis, line -> { });
    }

    /**
     * As {@link #command(List, long)}, and the result's line goes to {@code answer} exactly once
     * before this returns: on the event loop, as soon as the node has it, when it comes in time;
     * else on the calling thread. A console prints its answer this way without a hand-off to its
     * own thread, which on a busy machine waits for a processor (docs/PERFORMANCE.md).
     */
    public Reply command(List<String> tokens, long timeoutMillis, Consumer<String> answer) {
        String verb = tokens.isEmpty() ? "command" : tokens.get(0);
        if (failStop.stopped()) {
            return answered(stoppedReply(verb), answer);
        }
        CustomerCommand command;
        try {
            command = CommandParser.parse(tokens);
        } catch (MalformedMessageException bad) {
            return answered(Reply.failure(bad.getMessage()), answer);
        }
        long heardBefore = bankPort.count();
        Outcome result = new Outcome(answer);
        submit(command, String.join(" ", tokens), result);
        waiting = new Waiting(verb, result);
        try {
            if (command instanceof CustomerCommand.ForBank && timeoutMillis > bankSilenceNoticeMillis) {
                try {
                    return result.get(bankSilenceNoticeMillis, TimeUnit.MILLISECONDS);
                } catch (TimeoutException silence) {
                    if (bankPort.count() == heardBefore) {
                        listener.event("the bank at " + bankPort.peer() + " is not answering yet; still trying");
                    }
                }
                return result.get(timeoutMillis - bankSilenceNoticeMillis, TimeUnit.MILLISECONDS);
            }
            return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.settle(Reply.failure(verb + ": no answer within " + timeoutMillis + " ms; the outcome will be shown as an EVENT"));
            return result.join();
        } catch (ExecutionException e) {
            return answered(Reply.failure(verb + ": internal error: " + e.getCause()), answer); // never completed so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.settle(Reply.failure(verb + ": interrupted"));
            return result.join();
        } finally {
            waiting = null;
            if (failStop.stopped()) {
                result.settle(stoppedReply(verb));
            }
        }
    }

    private static Reply answered(Reply reply, Consumer<String> answer) {
        answer.accept(reply.line());
        return reply;
    }

    /**
     * The single result of one command: whoever settles it first (the node, a timeout, Ctrl-C)
     * gives its line to the answer, then completes the future, so that a thread that waited for
     * the future finds the line already given; later results are refused.
     */
    private static final class Outcome extends CompletableFuture<Reply> {
        private final Consumer<String> answer;
        private final AtomicBoolean settled = new AtomicBoolean();

        Outcome(Consumer<String> answer) {
            this.answer = answer;
        }

        /** True when {@code reply} is the result; false when another came first. */
        boolean settle(Reply reply) {
            if (isDone() || !settled.compareAndSet(false, true)) {
                return false; // isDone: completed directly, as InOrderReplies does on a timeout
            }
            try {
                answer.accept(reply.line());
            } finally {
                complete(reply);
            }
            return true;
        }
    }

    /**
     * Hands one command to the node on the event loop without waiting: the future completes
     * with its single result (a failure of any kind is a {@code FAILURE} reply). The words are
     * parsed into a {@link CustomerCommand} here, so a bad line is answered at once and the node
     * only ever sees typed commands; its typed result is turned into the console's line. Whoever
     * completes the future first wins; a node result that comes after is printed as an
     * {@code EVENT}, so it is never lost.
     */
    public CompletableFuture<Reply> submit(List<String> tokens) {
        if (failStop.stopped()) { // before the words are read, as for a command that waits
            return CompletableFuture.completedFuture(
                    stoppedReply(tokens.isEmpty() ? "command" : tokens.get(0)));
        }
        try {
            Outcome result = new Outcome(line -> { });
            submit(CommandParser.parse(tokens), String.join(" ", tokens), result);
            return result;
        } catch (MalformedMessageException bad) {
            return CompletableFuture.completedFuture(Reply.failure(bad.getMessage()));
        }
    }

    /** The answer to {@code verb} once a failed durable write has stopped this process. */
    private static Reply stoppedReply(String verb) {
        return Reply.failure(verb + ": stopped after a failed durable write");
    }

    /** {@link #submit(List)} of a command already parsed from {@code line}, which names it in a late outcome. */
    private void submit(CustomerCommand command, String line, Outcome result) {
        String verb = command.verb();
        if (failStop.stopped()) {
            result.settle(stoppedReply(verb));
            return;
        }
        Consumer<Reply> done = reply -> {
            if (!result.settle(reply)) {
                listener.event("outcome of '" + line + "': " + reply.line());
            }
        };
        loop.execute(() -> {
            try {
                node.submit(command, r -> done.accept(r.reply()));
            } catch (DurabilityFailure e) {
                failStop.stop(e);
                done.accept(Reply.failure(verb + ": stopped: " + e.getMessage()));
            } catch (RuntimeException e) {
                done.accept(Reply.failure(verb + ": internal error: " + e));
            }
        });
    }

    /**
     * Ctrl-C while a {@link #command} waits: the wait ends now with a {@code FAILURE} that says
     * so; the command itself goes on in the node, and its outcome is printed as an {@code EVENT}.
     */
    public void stopWaiting() {
        Waiting w = waiting;
        if (w != null) {
            w.result().settle(Reply.failure(w.verb() + ": stopped waiting (Ctrl-C); the command goes on"
                    + " and its outcome will be shown as an EVENT"));
        }
    }

    /** The command a console thread waits for. */
    private record Waiting(String verb, Outcome result) {
    }

    /**
     * Clean shutdown of the account: the node saves its live state so that a restart resumes
     * without a rollback. Only the first call has an effect.
     */
    public synchronized void quit() {
        if (!quit && !failStop.stopped()) {
            quit = true;
            query(n -> {
                n.quit();
                return null;
            });
        }
    }

    /** Closes both ports and stops the loop. Idempotent; does not {@link #quit}. */
    @Override
    public void close() {
        bankPort.close();
        peerPort.close();
        loop.close();
    }
}
