package cohortbank.customer.store;

import cohortbank.common.net.Endpoint;
import cohortbank.common.wire.bank.Member;
import cohortbank.customer.wire.Decision;
import cohortbank.common.wire.MalformedMessageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a customer knows that no rollback may take back: its label counter, its incarnation
 * (epoch), which labels of other senders are dead, rollback instances it is waiting on, the
 * decisions it took as an initiator, and its cohort.
 *
 * <p>Mutable and owned by one event loop; written durably whenever it changes, before any
 * message that depends on the change leaves.
 */
public final class NodeMeta {

    /** A rollback instance in which {@code sender} may roll back to {@code ckptLabel}. */
    public record PendingRollback(String instance, String sender, long ckptLabel, long maxLabel) {
    }

    /** Where this node stands in its cohort (meaningful only when {@link #cohortId} is not 0). */
    public enum CohortState {
        /** Acknowledged {@code cohort-formed}; moves no money in it until the bank confirms. */
        PREPARED,
        /** The bank recorded the cohort: money moves. */
        CONFIRMED,
        /** The bank is deleting the cohort: nothing new starts; transfers already sent drain. */
        FROZEN
    }

    private static final int MAX_DECISIONS = 256;

    /**
     * How many labels (and sequence numbers) one durable write of this file leases: a transfer
     * needs a write only when its label passes the leased ceiling, so one write covers this
     * many transfers.
     */
    public static final long LEASE = 1024;

    /** The customer this state belongs to (null in state written before it was recorded). */
    public String owner;
    /** The customer exited at the bank: its directory may be opened again, keeping the counters. */
    public boolean exited;
    /** The last label given to a transfer (in memory; the file holds the leased ceiling above it). */
    public long lastLabel;
    /**
     * No label above this was ever given: the file's {@code last-label} line. A restart takes
     * it as {@link #lastLabel}, so labels given after a crash skip what the lease left unused
     * and never reuse one.
     */
    private long labelCeiling;
    /** The last instance or report sequence number used; the file holds its leased ceiling, as for labels. */
    public long sequence;
    private long sequenceCeiling;
    public long epoch;
    public long cohortId;
    public CohortState cohortState = CohortState.CONFIRMED;
    public final List<Member> members = new ArrayList<>();
    /** Per sender, closed intervals [lo, hi] of labels that were undone by the sender's rollback. */
    public final Map<String, List<long[]>> dead = new TreeMap<>();
    public final List<PendingRollback> pending = new ArrayList<>();
    public final Map<String, Decision> decisions = new LinkedHashMap<>();

    public boolean isDead(String sender, long label) {
        for (long[] range : dead.getOrDefault(sender, List.of())) {
            if (label >= range[0] && label <= range[1]) {
                return true;
            }
        }
        return false;
    }

    public void addDead(String sender, long fromExclusive, long toInclusive) {
        if (toInclusive > fromExclusive) {
            dead.computeIfAbsent(sender, k -> new ArrayList<>()).add(new long[] {fromExclusive + 1, toInclusive});
        }
    }

    public void recordDecision(String instance, Decision decision) {
        decisions.put(instance, decision);
        while (decisions.size() > MAX_DECISIONS) {
            decisions.remove(decisions.keySet().iterator().next());
        }
    }

    /** True when a member of the cohort listens on {@code peer}. */
    public boolean isMemberAt(Endpoint peer) {
        for (Member m : members) {
            if (m.peer().equals(peer)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives the next transfer label. Returns true when it passed the leased ceiling, which
     * was raised by {@link #LEASE}: the caller must then save this meta, durably, before the
     * label leaves in any message.
     */
    public boolean takeLabel() {
        lastLabel++;
        boolean lease = lastLabel > labelCeiling;
        labelCeiling = lease ? lastLabel + LEASE - 1 : labelCeiling;
        return lease;
    }

    /**
     * Gives the next instance or report sequence number, leased as {@link #takeLabel} leases
     * labels: true when this meta must be saved before the number is used.
     */
    public boolean takeSequence() {
        sequence++;
        boolean lease = sequence > sequenceCeiling;
        sequenceCeiling = lease ? sequence + LEASE - 1 : sequenceCeiling;
        return lease;
    }

    public Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public List<String> toLines() {
        List<String> lines = new ArrayList<>();
        if (owner != null) {
            lines.add("owner " + owner);
        }
        if (exited) {
            lines.add("exited");
        }
        lines.add("last-label " + Math.max(lastLabel, labelCeiling));
        lines.add("sequence " + Math.max(sequence, sequenceCeiling));
        lines.add("epoch " + epoch);
        lines.add("cohort " + cohortId);
        if (cohortState != CohortState.CONFIRMED) {
            lines.add("cohort-state " + cohortState.name().toLowerCase(java.util.Locale.ROOT));
        }
        members.forEach(m -> lines.add("member " + m));
        dead.forEach((s, ranges) -> ranges.forEach(r -> lines.add("dead " + s + " " + r[0] + " " + r[1])));
        pending.forEach(p -> lines.add("pending " + p.instance() + " " + p.sender() + " " + p.ckptLabel() + " " + p.maxLabel()));
        decisions.forEach((i, d) -> lines.add("decision " + i + " " + d.word()));
        return lines;
    }

    public static NodeMeta fromLines(List<String> lines) {
        NodeMeta m = new NodeMeta();
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "owner" -> m.owner = f[1];
                case "exited" -> m.exited = true;
                case "last-label" -> {
                    m.lastLabel = Long.parseLong(f[1]);
                    m.labelCeiling = m.lastLabel;
                }
                case "sequence" -> {
                    m.sequence = Long.parseLong(f[1]);
                    m.sequenceCeiling = m.sequence;
                }
                case "epoch" -> m.epoch = Long.parseLong(f[1]);
                case "cohort" -> m.cohortId = Long.parseLong(f[1]);
                case "cohort-state" -> m.cohortState = CohortState.valueOf(f[1].toUpperCase(java.util.Locale.ROOT));
                case "member" -> {
                    try {
                        m.members.add(Member.parse(f[1]));
                    } catch (MalformedMessageException e) {
                        throw new IllegalArgumentException(e.getMessage(), e);
                    }
                }
                case "dead" -> m.dead.computeIfAbsent(f[1], k -> new ArrayList<>())
                        .add(new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                case "pending" -> m.pending.add(new PendingRollback(f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4])));
                case "decision" -> m.decisions.put(f[1], Decision.valueOf(f[2].toUpperCase(java.util.Locale.ROOT)));
                default -> throw new IllegalArgumentException("unknown meta line '" + line + "'");
            }
        }
        return m;
    }
}
