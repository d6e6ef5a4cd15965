package cohortbank.customer.bench;

import java.util.List;

/** Medians of measured samples. */
final class Stats {

    private Stats() {
    }

    /** The median of {@code samples}; NaN when there are none. */
    static double median(List<Double> samples) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
