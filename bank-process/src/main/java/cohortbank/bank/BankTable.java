package cohortbank.bank;

import cohortbank.common.money.Money;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The bank's whole table: customers in file order, each name at most once.
 *
 * <p>Immutable: the bank builds the next table, makes it durable, and only then adopts it, so
 * a failed write leaves the table it had. Tables are small (one row per customer), so copying
 * on change costs nothing that matters.
 */
public final class BankTable {

    private static final BankTable EMPTY = new BankTable(new LinkedHashMap<>());

    private final Map<String, CustomerRecord> rows;

    private BankTable(LinkedHashMap<String, CustomerRecord> rows) {
        this.rows = rows;
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
        LinkedHashMap<String, CustomerRecord> rows = new LinkedHashMap<>();
        for (CustomerRecord r : records) {
            if (rows.put(r.name(), r) != null) {
                throw new IllegalArgumentException("customer '" + r.name() + "' appears twice");
            }
        }
        return new BankTable(rows);
    }

    public Optional<CustomerRecord> find(String name) {
        return Optional.ofNullable(rows.get(name));
    }

    /** All customers in file order. */
    public List<CustomerRecord> customers() {
        return List.copyOf(rows.values());
    }

    public List<CustomerRecord> active() {
        return rows.values().stream().filter(CustomerRecord::active).toList();
    }

    /** A table where {@code record} replaces the row of the same name, or is appended. */
    public BankTable with(CustomerRecord record) {
        LinkedHashMap<String, CustomerRecord> copy = new LinkedHashMap<>(rows);
        copy.put(record.name(), record);
        return new BankTable(copy);
    }

    /** A table where every record in {@code records} replaces the row of the same name. */
    public BankTable withAll(Collection<CustomerRecord> records) {
        LinkedHashMap<String, CustomerRecord> copy = new LinkedHashMap<>(rows);
        records.forEach(r -> copy.put(r.name(), r));
        return new BankTable(copy);
    }

    /** Members of cohort {@code id}, sorted by name; empty if there is no such cohort. */
    public List<CustomerRecord> members(int id) {
        return rows.values().stream().filter(r -> r.inCohort() && r.cohort() == id)
                .sorted(Comparator.comparing(CustomerRecord::name)).toList();
    }

    /** Every cohort, by id, with its members sorted by name. */
    public SortedMap<Integer, List<CustomerRecord>> cohorts() {
        SortedMap<Integer, List<CustomerRecord>> cohorts = new TreeMap<>();
        rows.values().stream().filter(CustomerRecord::inCohort)
                .sorted(Comparator.comparing(CustomerRecord::name))
                .forEach(r -> cohorts.computeIfAbsent(r.cohort(), id -> new ArrayList<>()).add(r));
        return cohorts;
    }

    /** The largest cohort id in the table, or 0. */
    public int largestCohortId() {
        return rows.values().stream().mapToInt(CustomerRecord::cohort).max().orElse(0);
    }

    /** Sum of the balances of active customers. */
    public Money activeTotal() {
        Money total = Money.ZERO;
        for (CustomerRecord r : active()) {
            total = total.plus(r.balance());
        }
        return total;
    }

    public int size() {
        return rows.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BankTable other && customers().equals(other.customers());
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
