package cohortbank.bank;

import cohortbank.common.log.ProcessLog;
import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.common.rpc.Requester;
import cohortbank.common.rpc.Responder;
import cohortbank.common.rpc.RetryPolicy;
import cohortbank.common.store.DurabilityFailure;
import cohortbank.common.time.Scheduler;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankNotice;
import cohortbank.common.wire.bank.BankRequest;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The bank on the network: one {@link Transport} carries both the requests customers send to
 * the bank and the replies to the bank's own notifications.
 *
 * <p>A datagram whose envelope is a reply ({@code @re=...}) goes to the bank's {@link Requester};
 * every other well-formed datagram is a request, handed once to the {@link Bank} through a
 * {@link Responder}, which answers retransmissions (same {@code @id}) from its cache. A datagram
 * that cannot be parsed is answered with a bare {@code FAILURE <reason>}; a stray reply is
 * dropped unanswered, so two processes can never bounce failures at each other. Nothing any
 * datagram contains can stop the node.
 *
 * <p>Runs on whatever {@link Scheduler} owns the transport's deliveries (the real event loop,
 * or simulated time in tests); not thread-safe.
 */
public final class BankNode {

    private final Transport transport;
    private final ProcessLog log;
    private final Requester requester;
    private final RetryPolicy notifyRetry;
    private final Responder responder;
    private final Bank bank;
    private final Consumer<ProtocolEvent> events;
    private final BankKeys keys;
    private final BankGate gate;
    private volatile RequestObserver answered = (from, body, reply) -> { };

    /** Told of each request that came by datagram, once, when the bank answers it. */
    @FunctionalInterface
    public interface RequestObserver {
        /** {@code body} is the request without its headers; runs on the node's event loop. */
        void answered(Endpoint from, List<String> body, Reply reply);
    }

    /**
     * @param config       the bank's timings and capacities: the notices' retries, the reply
     *                     cache, and what the {@link Bank} takes from it
     * @param requesterTag distinguishes this incarnation's request ids from a previous one's;
     *                     must differ across restarts (never derive it from the seed)
     */
    public BankNode(Transport transport, Scheduler scheduler, BankStore.Contents contents, BankStore store,
                    Random random, BankConfig config, String requesterTag, ProcessLog log, BankKeys keys) {
        this(transport, scheduler, contents, store, random, config, requesterTag, log, e -> { }, keys);
    }

    /** As above, reporting each change of the table (open, cohort formed or deleted, exit) to {@code events}. */
    public BankNode(Transport transport, Scheduler scheduler, BankStore.Contents contents, BankStore store,
                    Random random, BankConfig config, String requesterTag, ProcessLog log,
                    Consumer<ProtocolEvent> events, BankKeys keys) {
        this(transport, scheduler, contents, store, random, config, requesterTag, log, events, keys,
                Background.onLoop(scheduler));
    }

    /** As above, with data.csv rewritten by {@code background} rather than on the event loop ({@link GroupCommit}). */
    public BankNode(Transport transport, Scheduler scheduler, BankStore.Contents contents, BankStore store,
                    Random random, BankConfig config, String requesterTag, ProcessLog log,
                    Consumer<ProtocolEvent> events, BankKeys keys, Background background) {
        this.events = events;
        this.transport = transport;
        this.log = log;
        this.notifyRetry = config.notifyRetry();
        this.requester = new Requester(transport, scheduler, notifyRetry, requesterTag);
        this.responder = new Responder(transport, config.replyCache());
        this.bank = new Bank(contents, store, this::notifyCustomer, random, scheduler, background, config,
                line -> log.log("STATE", line));
        // Authentication: the keys follow the table; the gate decides which key may act for a name.
        this.keys = keys;
        keys.attach(bank::table);
        this.gate = new BankGate(keys, bank::table, line -> log.log("AUTH", line));
    }

    /**
     * From now on tells {@code observer} of every request that came by datagram, once, when it
     * is answered (a retransmission answered from the cache is not told again).
     */
    public void onAnswered(RequestObserver observer) {
        this.answered = observer;
    }

    /** Starts receiving, then finishes or cancels what a previous run left unfinished. */
    public void start() {
        transport.start(this::onDatagram);
        bank.resume();
    }

    public Endpoint local() {
        return transport.local();
    }

    /** Stops receiving ({@code kill -9} in a simulation: whatever was in flight to it is gone). */
    public void close() {
        transport.close();
    }

    /** The state machine; touch it only on the node's event loop. */
    public Bank bank() {
        return bank;
    }

    /** Handles a request typed at the bank's own console, exactly as if it came by datagram. */
    public void handleLocal(List<String> body, Consumer<Reply> answer) {
        log.log("REQ", "console: " + String.join(" ", body));
        handleOnce(body, reply -> {
            log.log("REPLY", "console: " + reply.line());
            answer.accept(reply);
        });
    }

    void onDatagram(Datagram datagram) {
        Endpoint from = datagram.from();
        Envelope envelope;
        try {
            envelope = Envelope.parse(datagram.text());
        } catch (MalformedMessageException e) {
            log.log("BAD", "from " + from + ": " + e.getMessage());
            responder.rejectMalformed(from, e.getMessage());
            return;
        }
        // Only an authenticated reply may answer the bank's notifications.
        if (datagram.authenticated() && requester.onReply(envelope)) {
            return;
        }
        if (Reply.isReply(envelope)) {
            log.log("DROP", "from " + from + ": a reply to no request of ours: " + envelope.encode());
            return;
        }
        responder.onRequest(from, datagram.sender(), envelope, (sender, request, answer) -> {
            log.log("REQ", "from " + sender + ": " + request.encode());
            gate.admit(datagram.sender(), request.body(), reply -> {
                log.log("REPLY", "to " + sender + ": " + reply.line());
                answer.accept(reply);
                answered.answered(sender, request.body(), reply);
            }, this::handleOnce);
        });
    }

    /** Lets the bank answer; a bug inside it becomes a FAILURE answer instead of a silent hang. */
    private void handleOnce(List<String> body, Consumer<Reply> answer) {
        boolean[] answered = {false};
        Consumer<Reply> once = reply -> {
            if (!answered[0]) {
                answered[0] = true;
                answer.accept(reply);
            }
        };
        BankTable before = bank.table();
        try {
            BankRequest request;
            try {
                request = BankRequest.parse(body);
            } catch (MalformedMessageException e) {
                bank.refuse(e.getMessage(), (reply, decidedOn) -> once.accept(reply));
                return;
            }
            bank.handleDecided(request, (reply, decidedOn) -> {
                report(request, before, decidedOn, reply);
                once.accept(reply);
            });
        } catch (DurabilityFailure e) {
            throw e; // fail-stop: no answer may leave after a failed write (BankServer stops the process)
        } catch (RuntimeException e) {
            log.error("handling '" + String.join(" ", body) + "' failed", e);
            once.accept(Reply.failure("internal error handling " + body.get(0) + ": " + e));
        }
    }

    /** Tells {@link #events} what a successful request changed; a repeated request changes nothing. */
    private void report(BankRequest request, BankTable before, BankTable after, Reply reply) {
        // Identity, not equality: a request that changed nothing left the very same table (and
        // comparing rows would cost a walk of the whole table per request).
        if (!reply.success() || after == before) {
            return;
        }
        if (request instanceof BankRequest.Open open) {
            after.find(open.name()).ifPresent(c -> events.accept(new ProtocolEvent.Opened(c.name(), c.balance())));
        } else if (request instanceof BankRequest.NewCohort formed) {
            after.find(formed.name()).filter(CustomerRecord::inCohort).ifPresent(c -> events.accept(
                    new ProtocolEvent.CohortFormed(c.cohort(),
                            after.members(c.cohort()).stream().map(CustomerRecord::name).toList())));
        } else if (request instanceof BankRequest.DeleteCohort deleted) {
            before.find(deleted.name()).filter(CustomerRecord::inCohort)
                    .ifPresent(c -> events.accept(new ProtocolEvent.CohortDeleted(c.cohort())));
        } else if (request instanceof BankRequest.Exit exit) {
            events.accept(new ProtocolEvent.Exited(exit.name()));
        }
        // balance reports and look-ups are not events of the picture
    }

    private void notifyCustomer(Endpoint to, BankNotice notice, long withinMillis, Consumer<Reply> onReply,
            Runnable onNoAnswer) {
        // Authentication: a cohort notice vouches for each member's key, so peers accept only it.
        List<String> body = (notice instanceof BankNotice.CohortFormed formed
                ? formed.withKeys(keys.bindings()::keyOf) : notice).body();
        log.log("NOTE", "to " + to + ": " + String.join(" ", body));
        requester.request(to, body, notifyRetry.capped(withinMillis), reply -> {
            log.log("NOTE", "from " + to + ": " + reply.line());
            onReply.accept(reply);
        }, () -> {
            log.log("NOTE", "from " + to + ": no answer");
            onNoAnswer.run();
        });
    }
}
