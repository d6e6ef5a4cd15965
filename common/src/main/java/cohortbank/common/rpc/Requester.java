package cohortbank.common.rpc;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.common.time.Cancellable;
import cohortbank.common.time.Scheduler;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.Reply;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The client half of reliable request/response over an unreliable {@link Transport}.
 *
 * <p>Each request gets an id ({@code @id=<tag>-<n>}) and is retransmitted with exponential
 * backoff until a reply with the same id arrives ({@code @re=...}) or the tries run out.
 * Contract: the callback runs exactly once, on the event loop, with the first reply received
 * or with {@code FAILURE <to> unreachable: ...}. Duplicate and late replies are ignored.
 * Not thread-safe: use from the owner's event loop only.
 */
public final class Requester {

    private final Transport transport;
    private final Scheduler scheduler;
    private final RetryPolicy policy;
    private final String tag;
    private final Map<String, Pending> pending = new HashMap<>();
    private long nextNumber = 1;

    /**
     * @param tag distinguishes this process incarnation's ids from any other's; pick it at
     *            random per start so that a restarted client is never answered from a cache
     *            filled by its previous life
     */
    public Requester(Transport transport, Scheduler scheduler, RetryPolicy policy, String tag) {
        this.transport = transport;
        this.scheduler = scheduler;
        this.policy = policy;
        this.tag = tag;
    }

    /** Sends {@code body} to {@code to}; see the class contract for the callback. */
    public void request(Endpoint to, List<String> body, Consumer<Reply> onReply) {
        request(to, body, policy, onReply);
    }

    /** As {@link #request(Endpoint, List, Consumer)} with its own retry policy. */
    public void request(Endpoint to, List<String> body, RetryPolicy retry, Consumer<Reply> onReply) {
        request(to, body, retry, onReply, null);
    }

    /**
     * As {@link #request(Endpoint, List, Consumer)}, but when the tries run out {@code onNoAnswer}
     * runs instead of {@code onReply}: for a caller that must tell "no answer" from a refusal.
     */
    public void request(Endpoint to, List<String> body, Consumer<Reply> onReply, Runnable onNoAnswer) {
        request(to, body, policy, onReply, onNoAnswer);
    }

    /** As {@link #request(Endpoint, List, Consumer, Runnable)} with its own retry policy. */
    public void request(Endpoint to, List<String> body, RetryPolicy retry, Consumer<Reply> onReply,
            Runnable onNoAnswer) {
        String id = tag + "-" + nextNumber++;
        String text = Envelope.of(body).withHeader(Envelope.REQUEST_ID, id).encode();
        Pending p = new Pending(id, to, text, retry, onReply, onNoAnswer);
        pending.put(id, p);
        p.send();
    }

    /**
     * Offers a received envelope. Returns true when it was a reply to one of this requester's
     * requests (pending or already answered), so the caller should not treat it as a request.
     */
    public boolean onReply(Envelope envelope) {
        String re = envelope.header(Envelope.REPLY_TO);
        if (re == null || !Reply.isReply(envelope)) {
            return false;
        }
        Pending p = pending.remove(re);
        if (p != null) {
            p.timer.cancel();
            p.onReply.accept(Reply.of(envelope));
        }
        return true;
    }

    /**
     * Stops every request still waiting: each is answered now as if its tries had run out
     * ({@code FAILURE <to> not asked any more: <why>}, or its {@code onNoAnswer}). For requests
     * whose question has lost its meaning, such as those to the members of a cohort that is gone.
     */
    public void abandonAll(String why) {
        List<Pending> waiting = List.copyOf(pending.values());
        pending.clear();
        for (Pending p : waiting) {
            p.timer.cancel();
            if (p.onNoAnswer != null) {
                p.onNoAnswer.run();
            } else {
                p.onReply.accept(Reply.failure(p.to + " not asked any more: " + why));
            }
        }
    }

    /** Number of requests still waiting for a reply. */
    public int pendingCount() {
        return pending.size();
    }

    private final class Pending {
        final String id;
        final Endpoint to;
        final String text;
        final RetryPolicy retry;
        final Consumer<Reply> onReply;
        final Runnable onNoAnswer;
        int attempts;
        Cancellable timer = Cancellable.NONE;

        Pending(String id, Endpoint to, String text, RetryPolicy retry, Consumer<Reply> onReply,
                Runnable onNoAnswer) {
            this.onNoAnswer = onNoAnswer;
            this.id = id;
            this.to = to;
            this.text = text;
            this.retry = retry;
            this.onReply = onReply;
        }

        void send() {
            attempts++;
            transport.send(to, text);
            timer = scheduler.schedule(retry.delayAfter(attempts), this::expire);
        }

        void expire() {
            if (pending.get(id) != this) {
                return;
            }
            if (attempts < retry.maxTries()) {
                send();
                return;
            }
            pending.remove(id);
            if (onNoAnswer != null) {
                onNoAnswer.run();
                return;
            }
            onReply.accept(Reply.failure(to + " unreachable: no answer after " + attempts
                    + " tries in " + retry.giveUpAfterMillis() + " ms"));
        }
    }
}
