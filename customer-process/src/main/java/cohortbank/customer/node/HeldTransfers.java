package cohortbank.customer.node;

import cohortbank.common.money.Money;
import cohortbank.common.net.Transport;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.wire.Envelope;
import cohortbank.customer.store.NodeMeta;
import cohortbank.customer.wire.PeerMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The receiving side of this node's transfer channels (DESIGN §3, §6.3): applies each
 * sender's transfers exactly once and in its chain order, holds back those that may still be
 * undone, drops those a committed rollback of their sender undid, and acknowledges
 * cumulatively.
 *
 * <p>Contract: a transfer is applied to {@link Ledger#account} only when its {@code prev}
 * is the last label applied from that sender, it is not dead, and no rollback may undo it
 * (this node is not restoring, and no pending promise covers it). Everything else that is new
 * waits here, at most {@link NodeConfig#maxHeldPerSender} per sender (a dropped one is re-sent). No
 * acknowledgement leaves while restoring: the resync after the decision tells the sender the
 * truth. Event loop only.
 */
final class HeldTransfers {

    private final CustomerIdentity identity;
    private final Ledger ledger;
    private final Activity activity;
    private final Transport peerPort;
    private final NodeListener listener;
    /** Received transfers kept per sender while they cannot be applied yet. */
    private final int maxHeld;
    /** Received transfers not yet applicable: out of order, or held by a rollback in progress. */
    private final Map<String, TreeMap<Long, PeerMessage.Transfer>> held = new HashMap<>();
    /** Per sender, the label of the transfer last announced as waiting for room under the maximum. */
    private final Map<String, Long> announcedFull = new HashMap<>();

    HeldTransfers(CustomerIdentity identity, Ledger ledger, Activity activity, Transport peerPort, NodeListener listener,
            int maxHeld) {
        this.identity = identity;
        this.ledger = ledger;
        this.activity = activity;
        this.peerPort = peerPort;
        this.listener = listener;
        this.maxHeld = maxHeld;
    }

    /** Drops every held transfer: the state they were received into is gone (new cohort, restore). */
    void clear() {
        held.clear();
    }

    /** The senders of the transfers held now. */
    Set<String> senders() {
        Set<String> senders = new HashSet<>();
        held.forEach((sender, waiting) -> {
            if (!waiting.isEmpty()) {
                senders.add(sender);
            }
        });
        return senders;
    }

    /** A transfer datagram from a member: dropped if dead, acknowledged again if old, else held and delivered. */
    void onTransfer(PeerMessage.Transfer t) {
        if (identity.meta.cohortState == NodeMeta.CohortState.PREPARED) {
            // Not ours to apply before the bank confirms the cohort: unacknowledged, so it comes again.
            listener.log("held back transfer " + t.label() + " from " + t.from() + ": cohort not confirmed yet");
            return;
        }
        if (identity.meta.isDead(t.from(), t.label())) {
            listener.log("dropped transfer " + t.label() + " from " + t.from() + ": undone by its sender's rollback");
            ack(t.from());
            return;
        }
        if (t.label() <= ledger.account.receivedUpTo(t.from())) {
            ack(t.from()); // a duplicate: applied already, just acknowledge again
            return;
        }
        TreeMap<Long, PeerMessage.Transfer> buffer = held.computeIfAbsent(t.from(), k -> new TreeMap<>());
        if (buffer.size() < maxHeld) {
            buffer.put(t.label(), t);
        }
        deliverHeld(t.from());
    }

    /** Applies held transfers from {@code sender} that are next in its chain and not held back. */
    private void deliverHeld(String sender) {
        TreeMap<Long, PeerMessage.Transfer> buffer = held.get(sender);
        boolean applied = false;
        while (buffer != null && !buffer.isEmpty()) {
            PeerMessage.Transfer next = buffer.firstEntry().getValue();
            long position = ledger.account.receivedUpTo(sender);
            if (next.label() <= position || identity.meta.isDead(sender, next.label())) {
                buffer.pollFirstEntry();
                continue;
            }
            if (next.prev() != position || isHeldBack(sender, next.label())) {
                break; // a gap (the missing one will be re-sent) or a rollback decision pending
            }
            if (ledger.account.balance().exceedsMaxWith(next.amount())) {
                holdForRoom(sender, next);
                break; // un-acknowledged, so the sender re-sends it until there is room
            }
            buffer.pollFirstEntry();
            applied = true;
            ledger.account.receive(sender, next.amount(), next.label());
            listener.protocol(new ProtocolEvent.TransferReceived(sender, next.amount(), next.label()));
            listener.event("received " + next.amount() + " from " + sender + " (label " + next.label()
                    + "); balance " + ledger.account.balance());
        }
        if (applied && ledger.drainedDurable) {
            identity.store.saveLive(ledger.account); // a frozen member's receipts are durable before they are acknowledged
        }
        // Acknowledge even when nothing applied: the cumulative position tells the sender where a gap starts.
        ack(sender);
    }

    /**
     * A transfer that would take the balance past the maximum waits, unapplied, until a
     * withdrawal or a transfer out makes room; its sender is told why on every copy, the user
     * here once per transfer.
     */
    private void holdForRoom(String sender, PeerMessage.Transfer t) {
        identity.meta.member(sender).ifPresent(m -> peerPort.send(m.peer(), Envelope.of(
                new PeerMessage.TransferRefused(t.label(), PeerMessage.Refusal.BALANCE_MAX).body()).encode()));
        Long announced = announcedFull.put(sender, t.label());
        if (announced == null || announced != t.label()) {
            listener.event("holding " + t.amount() + " from " + sender + " (label " + t.label() + "): the balance "
                    + ledger.account.balance() + " would pass the maximum " + Money.MAX + "; it is taken once there is room");
        }
    }

    /**
     * A transfer is held back while it might be undone: this node is prepared to roll back, or
     * its sender may roll back to before it in an instance not yet decided.
     */
    private boolean isHeldBack(String sender, long label) {
        if (activity.restoring()) {
            return true;
        }
        return identity.meta.pending.stream().anyMatch(p -> p.sender().equals(sender) && label > p.ckptLabel());
    }

    private void ack(String sender) {
        if (activity.restoring()) {
            return; // receipts are about to be restored; the resync after the decision tells the truth
        }
        identity.meta.member(sender).ifPresent(m -> peerPort.send(m.peer(), Envelope.of(
                new PeerMessage.TransferAck(identity.name, ledger.account.receivedUpTo(sender),
                        identity.meta.epoch).body()).encode()));
    }

    /** Applies whatever became applicable: a decision resolved a hold, or restoring ended. */
    void deliverAllHeld() {
        new ArrayList<>(held.keySet()).forEach(this::deliverHeld);
    }
}
