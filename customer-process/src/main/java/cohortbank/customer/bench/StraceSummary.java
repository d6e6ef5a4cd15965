package cohortbank.customer.bench;

/** Reads the calls of {@code strace -c}'s summary table. */
final class StraceSummary {

    private StraceSummary() {
    }

    /**
     * The calls counted in a {@code strace -c -e trace=fsync,fdatasync} summary: the sum over
     * the fsync and fdatasync rows; 0 when the table has no row (no such call was made); NaN when
     * there is no table at all (strace could not attach).
     */
    static double calls(String summary) {
        if (!summary.contains("% time")) {
            return Double.NaN;
        }
        long calls = 0;
        for (String line : summary.split("\n")) {
            String[] f = line.trim().split("\\s+");
            String call = f[f.length - 1];
            if (f.length >= 5 && (call.equals("fsync") || call.equals("fdatasync"))) {
                calls += Long.parseLong(f[3]);
            }
        }
        return calls;
    }
}
