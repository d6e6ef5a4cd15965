package cohortbank.customer.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sorts the violation lines of {@link cohortbank.customer.check.Invariants} under the names of
 * the DESIGN §7 invariants they break, so a run can show each invariant as held or not.
 */
final class InvariantNames {

    /** Each invariant's name, and the start of the violation lines that break it. */
    private static final Map<String, List<String>> PREFIXES = names();

    private InvariantNames() {
    }

    private static Map<String, List<String>> names() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        names.put("no orphan", List.of("orphan in live state"));
        names.put("exactly once", List.of("applied twice"));
        names.put("no loss", List.of("lost:"));
        names.put("money conserved", List.of("money:", "books disagree"));
        names.put("consistent cut", List.of("orphan in permanent checkpoints"));
        names.put("no negative balance", List.of("negative balance"));
        return names;
    }

    /** Every invariant in PROTOCOL order, true when none of {@code violations} breaks it. */
    static Map<String, Boolean> verdicts(List<String> violations) {
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        PREFIXES.forEach((name, prefixes) -> verdicts.put(name,
                violations.stream().noneMatch(v -> prefixes.stream().anyMatch(v::startsWith))));
        return verdicts;
    }
}
