package cohortbank.customer.sim;

import java.util.List;

/**
 * What one simulated run did and found.
 *
 * @param seed       the seed that replays it
 * @param customers  how many customers it ran
 * @param events     simulated events run (deliveries, timers)
 * @param violations the broken invariants, one line each; empty when all held
 * @param traceHash  SHA-256 of the run's ordered trace, hex
 * @param faults     how hostile the run was drawn
 */
public record RunResult(long seed, int customers, long events, List<String> violations, String traceHash,
        Hostility faults) {

    public RunResult {
        violations = List.copyOf(violations);
    }

    public boolean passed() {
        return violations.isEmpty();
    }
}
