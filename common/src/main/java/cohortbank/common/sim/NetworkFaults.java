package cohortbank.common.sim;

import java.util.Random;

/**
 * How hostile a simulated link is: each datagram sent is lost with probability
 * {@code dropRate}, otherwise sent twice with probability {@code duplicateRate}, and each copy
 * arrives after its own delay drawn uniformly from {@code minDelayMillis..maxDelayMillis}.
 * Independent delays are what reorder datagrams.
 *
 * <p>Contract: rates are in 0..1 and delays satisfy
 * {@code 0 <= minDelayMillis <= maxDelayMillis}, with a spread below {@link Integer#MAX_VALUE};
 * anything else is rejected on construction.
 */
public record NetworkFaults(double dropRate, double duplicateRate, long minDelayMillis, long maxDelayMillis) {

    /** A perfect link: nothing lost or duplicated, everything arrives 1 ms later, in order. */
    public static final NetworkFaults NONE = new NetworkFaults(0, 0, 1, 1);

    public NetworkFaults {
        requireProbability("dropRate", dropRate);
        requireProbability("duplicateRate", duplicateRate);
        if (minDelayMillis < 0 || maxDelayMillis < minDelayMillis) {
            throw new IllegalArgumentException("bad delay range " + minDelayMillis + ".." + maxDelayMillis
                    + " ms: need 0 <= min <= max");
        }
        if (maxDelayMillis - minDelayMillis >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("delay range " + minDelayMillis + ".." + maxDelayMillis
                    + " ms is too wide");
        }
    }

    /** A link that loses, duplicates and delays (hence reorders) datagrams. */
    public static NetworkFaults lossy(double dropRate, double duplicateRate, long minDelayMillis,
            long maxDelayMillis) {
        return new NetworkFaults(dropRate, duplicateRate, minDelayMillis, maxDelayMillis);
    }

    /** A link that loses nothing but delays each datagram by a random amount, so reorders. */
    public static NetworkFaults delayed(long minDelayMillis, long maxDelayMillis) {
        return new NetworkFaults(0, 0, minDelayMillis, maxDelayMillis);
    }

    /** Draws one copy's delay. */
    long delay(Random random) {
        // Random.nextInt(bound) has a specified algorithm, so a seed replays on every JDK.
        int spread = (int) (maxDelayMillis - minDelayMillis);
        return minDelayMillis + (spread == 0 ? 0 : random.nextInt(spread + 1));
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) { // also rejects NaN
            throw new IllegalArgumentException(name + " " + value + " is not a probability in 0..1");
        }
    }
}
