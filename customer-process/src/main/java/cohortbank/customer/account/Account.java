package cohortbank.customer.account;

import cohortbank.common.money.Money;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a checkpoint saves and a rollback restores: balance, history, the label tables of
 * DESIGN §4, the per-sender receipt positions and the log of sent transfers.
 *
 * <p>What is <em>not</em> here survives rollbacks on purpose (the label counter, incarnation
 * numbers, knowledge of dead labels; see {@code NodeMeta}). Mutable, owned by one event loop;
 * {@link #copy} makes the independent snapshot a checkpoint keeps.
 */
public final class Account {

    private Money balance;
    private final List<HistoryEntry> history;
    /** last_label_rcvd[Y]: last label received from Y since the latest checkpoint (absent = ⊥). */
    private final Map<String, Long> lastLabelRcvd;
    /** first_label_sent[Y]: first label sent to Y since the latest checkpoint (absent = ⊥). */
    private final Map<String, Long> firstLabelSent;
    /** Highest label applied from each sender: the exactly-once position of each channel. */
    private final Map<String, Long> receivedUpTo;
    /** Label of the last transfer handed to the network for each receiver: the chain's tail. */
    private final Map<String, Long> lastSentTo;
    private final List<SentTransfer> sentLog;
    /**
     * The sent log again, by receiver and label: what a channel reads on every send and
     * acknowledgement ({@link #sentTo}) without scanning or copying the whole log, which holds
     * every transfer since the receiver's latest checkpoint. Labels grow in the order of the log,
     * so each receiver's map holds its transfers in the log's order.
     */
    private final Map<String, NavigableMap<Long, SentTransfer>> sentByReceiver = new HashMap<>();
    /** Counts the changes of balance and history made to this object (not to its copies). */
    private long changes;

    public Account(Money balance) {
        this(balance, new ArrayList<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
                new ArrayList<>());
    }

    private Account(Money balance, List<HistoryEntry> history, Map<String, Long> lastLabelRcvd,
            Map<String, Long> firstLabelSent, Map<String, Long> receivedUpTo, Map<String, Long> lastSentTo,
            List<SentTransfer> sentLog) {
        this.balance = balance;
        this.history = history;
        this.lastLabelRcvd = lastLabelRcvd;
        this.firstLabelSent = firstLabelSent;
        this.receivedUpTo = receivedUpTo;
        this.lastSentTo = lastSentTo;
        this.sentLog = sentLog;
        sentLog.forEach(this::index);
    }

    private void index(SentTransfer t) {
        sentByReceiver.computeIfAbsent(t.receiver(), r -> new TreeMap<>()).put(t.label(), t);
    }

    /** An independent deep copy. */
    public Account copy() {
        return new Account(balance, new ArrayList<>(history), new TreeMap<>(lastLabelRcvd),
                new TreeMap<>(firstLabelSent), new TreeMap<>(receivedUpTo), new TreeMap<>(lastSentTo),
                new ArrayList<>(sentLog));
    }

    public Money balance() {
        return balance;
    }

    public List<HistoryEntry> history() {
        return List.copyOf(history);
    }

    /**
     * How many times this object's balance and history changed: equal counts of the same object
     * mean the same balance and history, so an observer may skip reading them again.
     */
    public long changes() {
        return changes;
    }

    /** The history without a copy, read-only: for a log that writes only the entries it lacks. */
    public List<HistoryEntry> historyView() {
        return Collections.unmodifiableList(history);
    }

    /**
     * This account with {@code earlier} entries before its own history: the whole account of a
     * saved record that held only the entries after them.
     */
    public Account afterHistory(List<HistoryEntry> earlier) {
        Account whole = copy();
        whole.history.addAll(0, earlier);
        return whole;
    }

    public List<SentTransfer> sentLog() {
        return List.copyOf(sentLog);
    }

    /**
     * The transfers of the sent log to {@code receiver} with labels above {@code afterLabel},
     * oldest first: a read-only view, without a copy, valid until this account next changes.
     */
    public Collection<SentTransfer> sentTo(String receiver, long afterLabel) {
        NavigableMap<Long, SentTransfer> toReceiver = sentByReceiver.get(receiver);
        return toReceiver == null ? List.of()
                : Collections.unmodifiableCollection(toReceiver.tailMap(afterLabel, false).values());
    }

    /** Whether transfer {@code label} to {@code receiver} is in the sent log. */
    public boolean holdsSent(String receiver, long label) {
        NavigableMap<Long, SentTransfer> toReceiver = sentByReceiver.get(receiver);
        return toReceiver != null && toReceiver.containsKey(label);
    }

    public long lastLabelRcvd(String peer) {
        return lastLabelRcvd.getOrDefault(peer, 0L);
    }

    public long firstLabelSent(String peer) {
        return firstLabelSent.getOrDefault(peer, 0L);
    }

    public long receivedUpTo(String sender) {
        return receivedUpTo.getOrDefault(sender, 0L);
    }

    public long lastSentTo(String receiver) {
        return lastSentTo.getOrDefault(receiver, 0L);
    }

    /**
     * Peers with last_label_rcvd above ⊥: those a checkpoint of this account depends on.
     * Sorted by name, like {@link #receivedPositions}: callers send one message per entry, and
     * a fixed order keeps a simulated run the same from one JVM to the next ({@code Map.copyOf}
     * iterates in an order salted per JVM).
     */
    public SortedMap<String, Long> dependencies() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(lastLabelRcvd));
    }

    /** For each sender, the last label received from it in order; sorted by sender name. */
    public SortedMap<String, Long> receivedPositions() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(receivedUpTo));
    }

    /** Caller has checked the balance stays within {@link Money#MAX}. */
    public void deposit(Money amount) {
        requireRoom(amount);
        balance = balance.plus(amount);
        history.add(new HistoryEntry(HistoryEntry.Kind.DEPOSIT, amount, "-", 0));
        changes++;
    }

    /** Caller has checked the balance covers it: a balance never goes negative. */
    public void withdraw(Money amount) {
        requireCovered(amount);
        balance = balance.minus(amount);
        history.add(new HistoryEntry(HistoryEntry.Kind.WITHDRAWAL, amount, "-", 0));
        changes++;
    }

    /**
     * Debits a transfer with {@code label} to {@code receiver}; a real one joins the sent log
     * and the receiver's chain, a lost one only the label tables and history.
     */
    public SentTransfer send(String receiver, Money amount, long label, boolean lost) {
        requireCovered(amount);
        balance = balance.minus(amount);
        firstLabelSent.putIfAbsent(receiver, label);
        history.add(new HistoryEntry(lost ? HistoryEntry.Kind.LOST : HistoryEntry.Kind.SENT, amount, receiver, label));
        changes++;
        SentTransfer sent = new SentTransfer(label, receiver, amount, lastSentTo(receiver));
        if (!lost) {
            sentLog.add(sent);
            index(sent);
            lastSentTo.put(receiver, label);
        }
        return sent;
    }

    /** Credits a transfer; the caller has checked it is the next one in the sender's chain. */
    public void receive(String sender, Money amount, long label) {
        requireRoom(amount);
        balance = balance.plus(amount);
        lastLabelRcvd.put(sender, label);
        receivedUpTo.put(sender, label);
        history.add(new HistoryEntry(HistoryEntry.Kind.RECEIVED, amount, sender, label));
        changes++;
    }

    /** Taking a checkpoint resets the label tables to ⊥ (DESIGN §4). */
    public void resetLabelTables() {
        lastLabelRcvd.clear();
        firstLabelSent.clear();
    }

    /**
     * After a discarded tentative checkpoint, puts back the dependencies that the reset hid:
     * the latest receipt and the earliest send win, so no dependency is ever forgotten.
     */
    public void mergeLabelTablesFrom(Account beforeTentative) {
        beforeTentative.lastLabelRcvd.forEach(lastLabelRcvd::putIfAbsent);
        firstLabelSent.putAll(mergeEarliest(beforeTentative.firstLabelSent, firstLabelSent));
    }

    private static Map<String, Long> mergeEarliest(Map<String, Long> older, Map<String, Long> newer) {
        Map<String, Long> merged = new TreeMap<>(newer);
        merged.putAll(older);
        return merged;
    }

    /** Drops sent transfers that {@code receiver} has checkpointed: it can never need them again. */
    public void pruneSent(String receiver, long checkpointedUpTo) {
        sentLog.removeIf(t -> t.receiver().equals(receiver) && t.label() <= checkpointedUpTo);
        NavigableMap<Long, SentTransfer> toReceiver = sentByReceiver.get(receiver);
        if (toReceiver != null) {
            toReceiver.headMap(checkpointedUpTo, true).clear();
        }
    }

    /** Forgets per-peer state when the cohort is dissolved; balance and history stay. */
    public void leaveCohort() {
        lastLabelRcvd.clear();
        firstLabelSent.clear();
        receivedUpTo.clear();
        lastSentTo.clear();
        sentLog.clear();
        sentByReceiver.clear();
    }

    /** Every balance that exists must be one that can be saved, reported and read back. */
    private void requireRoom(Money amount) {
        if (balance.exceedsMaxWith(amount)) {
            throw new IllegalStateException("balance " + balance + " plus " + amount + " would pass the maximum " + Money.MAX);
        }
    }

    private void requireCovered(Money amount) {
        if (amount.compareTo(balance) > 0) {
            throw new IllegalStateException("balance " + balance + " does not cover " + amount);
        }
    }

    /** Serialises to the lines of a state file; {@link #fromLines} reads them back. */
    public List<String> toLines() {
        return toLines(0);
    }

    /**
     * As {@link #toLines}, with only the history entries from index {@code historyFrom} on:
     * {@link #fromLines} reads them back as an account whose history starts there
     * ({@link #afterHistory} puts the earlier entries back).
     */
    public List<String> toLines(int historyFrom) {
        List<String> lines = new ArrayList<>();
        lines.add("balance " + balance);
        history.subList(historyFrom, history.size()).forEach(h -> lines.add("history " + h.kind().word() + " " + h.amount() + " " + h.counterparty() + " " + h.label()));
        lastLabelRcvd.forEach((k, v) -> lines.add("last-rcvd " + k + " " + v));
        firstLabelSent.forEach((k, v) -> lines.add("first-sent " + k + " " + v));
        receivedUpTo.forEach((k, v) -> lines.add("received " + k + " " + v));
        lastSentTo.forEach((k, v) -> lines.add("last-sent " + k + " " + v));
        sentLog.forEach(t -> lines.add("sent " + t.label() + " " + t.receiver() + " " + t.amount() + " " + t.prev()));
        return lines;
    }

    /** Reads {@link #toLines} output; throws {@link IllegalArgumentException} on anything unexpected. */
    public static Account fromLines(List<String> lines) {
        Account a = new Account(Money.ZERO);
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "balance" -> a.balance = Money.parseNonNegative(f[1]);
                case "history" -> a.history.add(new HistoryEntry(
                        HistoryEntry.Kind.valueOf(f[1].toUpperCase(java.util.Locale.ROOT)),
                        Money.parsePositive(f[2]), f[3], Long.parseLong(f[4])));
                case "last-rcvd" -> a.lastLabelRcvd.put(f[1], Long.parseLong(f[2]));
                case "first-sent" -> a.firstLabelSent.put(f[1], Long.parseLong(f[2]));
                case "received" -> a.receivedUpTo.put(f[1], Long.parseLong(f[2]));
                case "last-sent" -> a.lastSentTo.put(f[1], Long.parseLong(f[2]));
                case "sent" -> {
                    SentTransfer t = new SentTransfer(Long.parseLong(f[1]), f[2], Money.parsePositive(f[3]),
                            Long.parseLong(f[4]));
                    a.sentLog.add(t);
                    a.index(t);
                }
                default -> throw new IllegalArgumentException("unknown account line '" + line + "'");
            }
        }
        return a;
    }
}
