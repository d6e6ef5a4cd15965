package cohortbank.common.security;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Counts refused datagrams by reason and tells the log about them without letting a flood
 * flood the log: the first of each reason is logged with its details, later ones only as a
 * running count at every power of two. Not thread-safe.
 */
final class DropLog {

    private final Consumer<String> log;
    private final Map<String, Long> counts = new TreeMap<>();

    DropLog(Consumer<String> log) {
        this.log = log;
    }

    void dropped(String reason, String detail) {
        long n = counts.merge(reason, 1L, Long::sum);
        if (n == 1) {
            log.accept("dropped datagram (" + reason + "): " + detail);
        } else if (Long.bitCount(n) == 1) {
            log.accept("dropped " + n + " datagrams so far (" + reason + "); latest: " + detail);
        }
    }

    Map<String, Long> counts() {
        return Map.copyOf(counts);
    }
}
