package cohortbank.bank;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sidecar's last balance report per customer as an immutable map whose {@link #with} costs
 * microseconds however many customers reported ({@link PersistentMap}); a balance report must
 * not copy every other customer's. Iterates in name order (sorting then, at a rewrite or a
 * start, when every entry is visited anyway).
 */
final class ReportMap extends AbstractMap<String, BankState.Report> {

    private static final ReportMap EMPTY = new ReportMap(PersistentMap.empty());

    private final PersistentMap<String, BankState.Report> reports;

    private ReportMap(PersistentMap<String, BankState.Report> reports) {
        this.reports = reports;
    }

    /** {@code reports} itself when it is one, else a copy. */
    static ReportMap of(Map<String, BankState.Report> reports) {
        if (reports instanceof ReportMap map) {
            return map;
        }
        PersistentMap<String, BankState.Report> copy = PersistentMap.empty();
        for (Map.Entry<String, BankState.Report> e : reports.entrySet()) {
            copy = copy.plus(e.getKey(), e.getValue());
        }
        return new ReportMap(copy);
    }

    static ReportMap empty() {
        return EMPTY;
    }

    /** With {@code name}'s report set to {@code report}, or forgotten when it is null. */
    ReportMap with(String name, BankState.Report report) {
        return new ReportMap(report == null ? reports.minus(name) : reports.plus(name, report));
    }

    @Override
    public BankState.Report get(Object name) {
        return reports.get(name);
    }

    @Override
    public boolean containsKey(Object name) {
        return reports.get(name) != null;
    }

    @Override
    public int size() {
        return reports.size();
    }

    @Override
    public Set<Map.Entry<String, BankState.Report>> entrySet() {
        TreeMap<String, BankState.Report> sorted = new TreeMap<>();
        reports.forEach(sorted::put);
        return java.util.Collections.unmodifiableMap(sorted).entrySet();
    }
}
