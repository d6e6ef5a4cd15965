package cohortbank.bank;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bank's whole table: customers in file order, each name at most once, with indexes that
 * answer the requests' questions without walking the rows: which active customer uses an
 * address and port, who is in a cohort, who is free to join one, and the active customers' total.
 *
 * <p>Immutable: the bank builds the next table, makes it durable, and only then adopts it, so
 * a failed write leaves the table it had, and an observer on another thread can keep reading
 * an old one. A change shares almost everything with the table it came from
 * ({@link PersistentMap}), so it costs microseconds whatever the table's size; only
 * {@link #customers} and the lists derived from it walk every row.
 */
public final class BankTable {

    /** A row and its place in the file: rows are never removed, so places are 0..size-1. */
    private record Placed(int position, CustomerRecord record) {
    }

    private static final BankTable EMPTY = new BankTable(PersistentMap.empty(), PersistentMap.empty(),
            PersistentMap.empty(), FreeIndex.EMPTY, 0, 0);

    private final PersistentMap<String, Placed> rows;
    /** Each port (port1 and port2) of every active customer, as a {@link #portKey}: the customer's name. */
    private final PersistentMap<Long, String> ports;
    /** Each cohort's members' names, sorted. */
    private final PersistentMap<Integer, List<String>> cohortIndex;
    /** The {@link CustomerRecord#free} customers' names, numbered 0..n-1: a new cohort draws from it. */
    private final FreeIndex free;
    private final int activeCount;
    private final long activeCents;
    /** {@link #customers()}, computed once when first asked (the table never changes). */
    private volatile List<CustomerRecord> inOrder;

    private BankTable(PersistentMap<String, Placed> rows, PersistentMap<Long, String> ports,
                      PersistentMap<Integer, List<String>> cohortIndex, FreeIndex free, int activeCount,
                      long activeCents) {
        this.rows = rows;
        this.ports = ports;
        this.cohortIndex = cohortIndex;
        this.free = free;
        this.activeCount = activeCount;
        this.activeCents = activeCents;
    }

    public static BankTable empty() {
        return EMPTY;
    }

    /**
     * A table of {@code records}, in order.
     *
     * @throws IllegalArgumentException when a name appears twice
     */
    public static BankTable of(Collection<CustomerRecord> records) {
        BankTable table = EMPTY;
        for (CustomerRecord r : records) {
            if (table.rows.get(r.name()) != null) {
                throw new IllegalArgumentException("customer '" + r.name() + "' appears twice");
            }
            table = table.with(r);
        }
        return table;
    }

    public Optional<CustomerRecord> find(String name) {
        Placed placed = rows.get(name);
        return placed == null ? Optional.empty() : Optional.of(placed.record());
    }

    /** The active customer listening on {@code ip} with {@code port1} or {@code port2}, if any. */
    public Optional<CustomerRecord> activeUsing(String ip, int port1, int port2) {
        String name = ports.get(portKey(ip, port1));
        if (name == null) {
            name = ports.get(portKey(ip, port2));
        }
        return name == null ? Optional.empty() : find(name);
    }

    /** The active customer whose bank-facing endpoint (ip and port1) is {@code endpoint}, if any. */
    public Optional<CustomerRecord> activeAt(Endpoint endpoint) {
        String name = ports.get(portKey(endpoint.host(), endpoint.port()));
        return name == null ? Optional.empty()
                : find(name).filter(c -> c.bankEndpoint().equals(endpoint));
    }

    /** All customers in file order. */
    public List<CustomerRecord> customers() {
        List<CustomerRecord> list = inOrder;
        if (list == null) {
            CustomerRecord[] placed = new CustomerRecord[rows.size()];
            rows.forEach((name, p) -> placed[p.position()] = p.record());
            list = Collections.unmodifiableList(Arrays.asList(placed));
            inOrder = list;
        }
        return list;
    }

    public List<CustomerRecord> active() {
        return customers().stream().filter(CustomerRecord::active).toList();
    }

    /** How many customers are {@link CustomerRecord#free free}: active and in no cohort. */
    public int freeCount() {
        return free.size();
    }

    /**
     * The free customer numbered {@code i}, {@code 0 <= i < freeCount()}: the numbering is
     * arbitrary but fixed for this table, so a seeded draw of numbers draws the same customers.
     */
    public CustomerRecord freeAt(int i) {
        if (i < 0 || i >= free.size()) {
            throw new IndexOutOfBoundsException(i + " of " + free.size() + " free customers");
        }
        return rows.get(free.nameAt(i)).record();
    }

    /** How many customers are active. */
    public int activeCount() {
        return activeCount;
    }

    /** A table where {@code record} replaces the row of the same name, or is appended. */
    public BankTable with(CustomerRecord record) {
        Placed old = rows.get(record.name());
        PersistentMap<Long, String> nextPorts = ports;
        PersistentMap<Integer, List<String>> nextCohorts = cohortIndex;
        FreeIndex nextFree = free;
        int nextActive = activeCount;
        long nextCents = activeCents;
        if (old != null) {
            CustomerRecord was = old.record();
            if (was.active()) {
                nextPorts = release(nextPorts, was);
                nextActive--;
                nextCents = Math.subtractExact(nextCents, was.balance().cents());
            }
            if (was.inCohort()) {
                nextCohorts = leave(nextCohorts, was);
            }
            if (was.free()) {
                nextFree = nextFree.without(was.name());
            }
        }
        if (record.free()) {
            nextFree = nextFree.with(record.name());
        }
        if (record.active()) {
            nextPorts = nextPorts.plus(portKey(record.ip(), record.port1()), record.name())
                    .plus(portKey(record.ip(), record.port2()), record.name());
            nextActive++;
            nextCents = Math.addExact(nextCents, record.balance().cents());
        }
        if (record.inCohort()) {
            TreeSet<String> members = new TreeSet<>(cohortIndexOf(nextCohorts, record.cohort()));
            members.add(record.name());
            nextCohorts = nextCohorts.plus(record.cohort(), List.copyOf(members));
        }
        int position = old != null ? old.position() : rows.size();
        return new BankTable(rows.plus(record.name(), new Placed(position, record)), nextPorts, nextCohorts,
                nextFree, nextActive, nextCents);
    }

    /** A table where every record in {@code records} replaces the row of the same name. */
    public BankTable withAll(Collection<CustomerRecord> records) {
        BankTable table = this;
        for (CustomerRecord r : records) {
            table = table.with(r);
        }
        return table;
    }

    /** Frees {@code was}'s ports, where they are still its own (a later row may have taken them). */
    private static PersistentMap<Long, String> release(PersistentMap<Long, String> ports, CustomerRecord was) {
        for (int port : new int[] {was.port1(), was.port2()}) {
            Long at = portKey(was.ip(), port);
            if (was.name().equals(ports.get(at))) {
                ports = ports.minus(at);
            }
        }
        return ports;
    }

    /**
     * An IPv4 address (as its 32 bits) and a port in one number: unlike {@link Endpoint}'s hash
     * code, which many address and port pairs share, its hash tells them apart.
     */
    static long portKey(String ipv4, int port) {
        long address = 0;
        int start = 0;
        for (int octet = 0; octet < 4; octet++) {
            int end = octet < 3 ? ipv4.indexOf('.', start) : ipv4.length();
            address = (address << 8) | Integer.parseInt(ipv4, start, end, 10);
            start = end + 1;
        }
        return (address << 16) | port;
    }

    /**
     * Names numbered densely 0..size-1, with their numbers: adding appends, removing moves the
     * last name into the hole. Both are a few map changes, whatever the size.
     */
    private record FreeIndex(PersistentMap<Integer, String> byNumber, PersistentMap<String, Integer> numberOf) {
        static final FreeIndex EMPTY = new FreeIndex(PersistentMap.empty(), PersistentMap.empty());

        int size() {
            return byNumber.size();
        }

        String nameAt(int i) {
            return byNumber.get(i);
        }

        FreeIndex with(String name) {
            int i = size();
            return new FreeIndex(byNumber.plus(i, name), numberOf.plus(name, i));
        }

        FreeIndex without(String name) {
            Integer hole = numberOf.get(name);
            int last = size() - 1;
            String moved = byNumber.get(last);
            PersistentMap<Integer, String> nextByNumber = byNumber.minus(last);
            PersistentMap<String, Integer> nextNumberOf = numberOf.minus(name);
            if (hole != last) {
                nextByNumber = nextByNumber.plus(hole, moved);
                nextNumberOf = nextNumberOf.plus(moved, hole);
            }
            return new FreeIndex(nextByNumber, nextNumberOf);
        }
    }

    private static PersistentMap<Integer, List<String>> leave(PersistentMap<Integer, List<String>> cohorts,
                                                              CustomerRecord was) {
        List<String> members = new ArrayList<>(cohortIndexOf(cohorts, was.cohort()));
        members.remove(was.name());
        return members.isEmpty() ? cohorts.minus(was.cohort()) : cohorts.plus(was.cohort(), List.copyOf(members));
    }

    private static List<String> cohortIndexOf(PersistentMap<Integer, List<String>> cohorts, int id) {
        List<String> members = cohorts.get(id);
        return members == null ? List.of() : members;
    }

    /** Members of cohort {@code id}, sorted by name; empty if there is no such cohort. */
    public List<CustomerRecord> members(int id) {
        return cohortIndexOf(cohortIndex, id).stream().map(n -> rows.get(n).record()).toList();
    }

    /** Every cohort, by id, with its members sorted by name. */
    public SortedMap<Integer, List<CustomerRecord>> cohorts() {
        SortedMap<Integer, List<CustomerRecord>> cohorts = new TreeMap<>();
        cohortIndex.forEach((id, names) -> cohorts.put(id, members(id)));
        return cohorts;
    }

    /** The largest cohort id in the table, or 0. */
    public int largestCohortId() {
        int[] largest = {0};
        cohortIndex.forEach((id, names) -> largest[0] = Math.max(largest[0], id));
        return largest[0];
    }

    /** Sum of the balances of active customers. */
    public Money activeTotal() {
        return Money.ofCents(activeCents);
    }

    public int size() {
        return rows.size();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof BankTable other && customers().equals(other.customers());
    }

    @Override
    public int hashCode() {
        return customers().hashCode();
    }

    @Override
    public String toString() {
        return "BankTable" + customers();
    }
}
