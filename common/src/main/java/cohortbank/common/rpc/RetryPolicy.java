package cohortbank.common.rpc;

/**
 * How a request is retransmitted: first after {@code initialMillis}, each wait then multiplied
 * by {@code multiplier} up to {@code maxMillis}, and given up after {@code maxTries} sends.
 */
public record RetryPolicy(long initialMillis, double multiplier, long maxMillis, int maxTries) {

    /** About six seconds in all: long enough to ride out loss, short enough for a person. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(150, 2.0, 2000, 6);

    public RetryPolicy {
        // Written so that a NaN multiplier fails too: it would make every retry wait 0 ms.
        if (initialMillis <= 0 || !(multiplier >= 1.0) || maxMillis < initialMillis || maxTries < 1) {
            throw new IllegalArgumentException("bad retry policy");
        }
    }

    /** The wait after send number {@code attempt} (1-based). */
    public long delayAfter(int attempt) {
        double delay = initialMillis * Math.pow(multiplier, attempt - 1);
        return (long) Math.min(maxMillis, delay);
    }

    /**
     * The same backoff with as many tries as fit in {@code budgetMillis}: for a request that
     * should keep trying as long as someone waits for its answer, so that datagram loss only
     * delays it. Under 30% loss each way a try is answered about half the time, and the six
     * tries of {@link #DEFAULT} all fail about 2% of the time; each extra try halves that.
     *
     * @throws IllegalArgumentException when not even the first wait fits
     */
    public RetryPolicy within(long budgetMillis) {
        if (delayAfter(1) > budgetMillis) {
            throw new IllegalArgumentException("a budget of " + budgetMillis + " ms is shorter than the first wait");
        }
        int tries = 1;
        long total = delayAfter(1);
        while (total + delayAfter(tries + 1) <= budgetMillis) {
            tries++;
            total += delayAfter(tries);
        }
        return new RetryPolicy(initialMillis, multiplier, maxMillis, tries);
    }

    /**
     * This policy, cut so that it gives up within {@code budgetMillis}: itself when it already
     * does, else as many of its tries as fit ({@link #within}), and a single try that waits the
     * whole budget when not even its first wait fits. For a request that is one step of an
     * operation with a deadline of its own: it must not outlive what remains of it.
     */
    public RetryPolicy capped(long budgetMillis) {
        if (giveUpAfterMillis() <= budgetMillis) {
            return this;
        }
        if (delayAfter(1) > budgetMillis) {
            long wait = Math.max(1, budgetMillis);
            return new RetryPolicy(wait, 1.0, wait, 1);
        }
        return within(budgetMillis);
    }

    /** Total time from the first send until the request is given up. */
    public long giveUpAfterMillis() {
        long total = 0;
        for (int attempt = 1; attempt <= maxTries; attempt++) {
            total += delayAfter(attempt);
        }
        return total;
    }
}
