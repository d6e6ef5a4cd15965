package cohortbank.customer.node;

import cohortbank.common.net.Transport;
import cohortbank.common.time.Cancellable;
import cohortbank.common.time.Scheduler;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.bank.Member;
import cohortbank.customer.account.SentTransfer;
import cohortbank.customer.wire.PeerMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The sending side of this node's exactly-once transfer channels (DESIGN §3): sends every
 * unacknowledged transfer of the account's sent log to its receiver, re-sends with backoff
 * until a cumulative acknowledgement covers it, and tells waiting commands when a label is
 * delivered.
 *
 * <p>Contract: the sent log in {@link Ledger#account} is the truth of what must arrive;
 * this class only remembers, per receiver, how far that receiver acknowledged (an
 * {@link OutgoingChannel}) and who waits for which label. An acknowledgement of a newer
 * receiver epoch may move the position backwards, which re-sends what the receiver's restore
 * undid. Nothing is sent while this node is prepared to roll back: its log is about to be
 * restored, and the decision re-arms every channel. Event loop only.
 */
final class TransferChannels {

    private final CustomerIdentity identity;
    private final Ledger ledger;
    private final Activity activity;
    private final Transport peerPort;
    private final Scheduler scheduler;
    private final NodeListener listener;
    /** At most this many transfers in flight to one receiver per (re)transmission. */
    private final int sendWindow;
    private final long minRtoMillis;
    private final long maxRtoMillis;
    private final Map<String, OutgoingChannel> outgoing = new HashMap<>();
    private final Map<String, TreeMap<Long, List<Runnable>>> deliveryWaiters = new HashMap<>();
    /** Receivers that refused a transfer still owed to them, and why; cleared by their next acknowledgement. */
    private final Map<String, PeerMessage.Refusal> refusals = new HashMap<>();

    /** @param minRtoMillis the first and the longest retransmission timeout of a channel, as {@code maxRtoMillis} */
    TransferChannels(CustomerIdentity identity, Ledger ledger, Activity activity, Transport peerPort, Scheduler scheduler,
            NodeListener listener, int sendWindow,
            long minRtoMillis, long maxRtoMillis) {
        this.identity = identity;
        this.ledger = ledger;
        this.activity = activity;
        this.peerPort = peerPort;
        this.scheduler = scheduler;
        this.listener = listener;
        this.sendWindow = sendWindow;
        this.minRtoMillis = minRtoMillis;
        this.maxRtoMillis = maxRtoMillis;
    }

    /** Forgets every receiver's position; their timers stay armed and re-create the channel. */
    void forgetPositions() {
        outgoing.clear();
    }

    /** Stops re-sending to anyone and forgets every receiver's position (the cohort is gone). */
    void stopAll() {
        outgoing.values().forEach(c -> c.timer.cancel());
        outgoing.clear();
    }

    private OutgoingChannel channel(String peer) {
        return outgoing.computeIfAbsent(peer, p -> new OutgoingChannel(p, minRtoMillis, maxRtoMillis));
    }

    /**
     * (Re)sends every unacknowledged transfer to {@code receiver}, oldest first and at most
     * {@link NodeConfig#sendWindow} of them, and arms the retransmit timer with the next backoff: what a
     * timer, a decision, a restore or a restart needs.
     */
    void transmit(String receiver) {
        send(receiver, true);
    }

    /**
     * Sends what has not been sent to {@code receiver} since the last full transmission (a new
     * transfer, or room the window gained), without re-sending what is already in flight: so
     * transfers typed in quick succession cost one datagram each, not a burst of re-sends.
     */
    void transmitNew(String receiver) {
        send(receiver, false);
    }

    private void send(String receiver, boolean resend) {
        OutgoingChannel c = channel(receiver);
        Optional<Member> member = identity.meta.member(receiver);
        if (activity.rollbackPrepared() || member.isEmpty()) {
            c.stopTimer(); // the log is about to be restored; the decision re-arms the timers
            return;
        }
        if (resend) {
            c.sentUpTo = c.acked;
        }
        int inFlight = 0;
        int sent = 0;
        for (SentTransfer t : ledger.account.sentTo(receiver, c.acked)) {
            if (inFlight++ >= sendWindow) {
                break;
            }
            if (t.label() > c.sentUpTo) {
                peerPort.send(member.get().peer(), Envelope.of(
                        new PeerMessage.Transfer(identity.name, t.label(), t.prev(), t.amount()).body()).encode());
                c.sentUpTo = t.label();
                sent++;
            }
        }
        if (inFlight == 0) {
            c.stopTimer();
        } else if (resend || (sent > 0 && !c.timerArmed())) {
            armTimer(c);
        }
    }

    /** Re-sends everything unacknowledged to {@code c}'s receiver after the channel's next backoff. */
    private void armTimer(OutgoingChannel c) {
        c.stopTimer();
        c.timer = scheduler.schedule(c.nextBackoff(), () -> {
            c.timer = Cancellable.NONE;
            transmit(c.peer);
        });
    }

    /** {@link #transmit} to every other member: after a decision, a restore or a restart. */
    void transmitToAll() {
        identity.meta.members.stream().map(Member::name).filter(n -> !n.equals(identity.name)).forEach(this::transmit);
    }

    /** Every transfer sent and not yet acknowledged by its receiver, as {@code receiver#label}; empty once drained. */
    List<String> unacknowledged() {
        List<String> open = new ArrayList<>();
        for (SentTransfer t : ledger.account.sentLog()) {
            OutgoingChannel c = outgoing.get(t.receiver());
            if (c == null || t.label() > c.acked) {
                open.add(t.receiver() + "#" + t.label());
            }
        }
        return open;
    }

    /** A cumulative acknowledgement (or a resync) from {@code from}: completes waiters, sends what is left. */
    void onAck(String from, long upTo, long epoch) {
        OutgoingChannel c = channel(from);
        long epochBefore = c.epoch;
        if (!c.onAck(upTo, epoch)) {
            return;
        }
        refusals.remove(from);
        completeDeliveries(from, c.acked);
        if (c.epoch != epochBefore) {
            transmit(from); // a new incarnation of the receiver: its position may have gone back
        } else {
            c.stopTimer(); // progress: the next timeout starts afresh from the reset backoff
            transmitNew(from);
            if (c.sentUpTo > c.acked && !c.timerArmed()) {
                armTimer(c); // what is still in flight is re-sent if this was the last acknowledgement
            }
        }
    }

    /**
     * Member {@code receiver}, authenticated under its announced key, refuses transfer {@code label} for now:
     * the transfer stays in the sent log and keeps being re-sent (so it is never lost, and lands
     * as soon as the receiver can take it); the user is told once per receiver and reason.
     */
    void onRefused(String receiver, long label, PeerMessage.Refusal reason) {
        boolean owed = label > channel(receiver).acked
                && ledger.account.holdsSent(receiver, label);
        if (!owed) {
            return; // stale: acknowledged since, or undone by a rollback
        }
        listener.log("transfer " + label + " to " + receiver + " refused: " + reason.word());
        if (refusals.put(receiver, reason) != reason) {
            listener.event("transfer label " + label + " to " + receiver + " is refused for now: "
                    + reason.explanation() + "; it stays owed and is re-sent until " + receiver + " takes it");
        }
    }

    /** Why {@code receiver} last refused a transfer still owed to it, or empty. */
    Optional<PeerMessage.Refusal> refusalOf(String receiver) {
        return Optional.ofNullable(refusals.get(receiver));
    }

    /**
     * Answers {@code answer} once: true when {@code label} to {@code receiver} is acknowledged within
     * {@code waitMillis}, else false; a delivery after that is still announced as an event.
     */
    void awaitDelivery(String receiver, long label, long waitMillis, Consumer<Boolean> answer) {
        boolean[] answered = {false};
        Cancellable timeout = scheduler.schedule(waitMillis, () -> {
            if (!answered[0]) {
                answered[0] = true;
                answer.accept(false);
            }
        });
        deliveryWaiters.computeIfAbsent(receiver, k -> new TreeMap<>())
                .computeIfAbsent(label, k -> new ArrayList<>()).add(() -> {
            timeout.cancel();
            if (!answered[0]) {
                answered[0] = true;
                answer.accept(true);
            } else {
                listener.event("transfer label " + label + " to " + receiver + " delivered");
            }
        });
    }

    private void completeDeliveries(String receiver, long ackedUpTo) {
        TreeMap<Long, List<Runnable>> waiting = deliveryWaiters.getOrDefault(receiver, new TreeMap<>());
        while (!waiting.isEmpty() && waiting.firstKey() <= ackedUpTo) {
            waiting.pollFirstEntry().getValue().forEach(Runnable::run);
        }
    }
}
