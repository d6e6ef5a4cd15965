package cohortbank.common.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vector clock over host names: host i's entry counts the events of host i that the owner
 * knows happened before its latest event.
 *
 * <p>Rules (Fidge/Mattern, as ShiViz expects): every event of the owner first {@link #tick}s its
 * own entry by one, so its events are numbered 1, 2, 3...; a receive first {@link #merge}s the
 * sender's clock (entry-wise maximum) and then ticks. Not thread-safe; the {@link Tracer}
 * serialises access.
 *
 * <p>Two text forms: JSON ({@code {"alice":3,"bank":2}}, what ShiViz reads) and the compact
 * form carried in a datagram header ({@code alice:3.bank:2}), whose alphabet fits an envelope
 * header value: a name's {@code _}, which header values do not allow, travels as {@code +},
 * which names never contain.
 */
public final class VectorClock {

    /** Host names: the customer names of {@code Args.NAME}, {@code bank} and {@code customer-<port>}. */
    public static final Pattern HOST = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,39}");

    private static final Pattern JSON_ENTRY = Pattern.compile("\\s*\"([^\"]+)\"\\s*:\\s*([0-9]{1,18})\\s*");

    private final TreeMap<String, Long> entries = new TreeMap<>();

    public VectorClock() {
    }

    public VectorClock(Map<String, Long> entries) {
        merge(entries);
    }

    /** The owner's next event: its own entry goes up by one; returns the new value. */
    public long tick(String host) {
        return entries.merge(host, 1L, Long::sum);
    }

    /** Takes in what {@code other} knows: each entry becomes the larger of the two. */
    public void merge(Map<String, Long> other) {
        other.forEach((host, count) -> entries.merge(host, count, Math::max));
    }

    public long get(String host) {
        return entries.getOrDefault(host, 0L);
    }

    /** A copy, sorted by host. */
    public Map<String, Long> snapshot() {
        return Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** JSON as ShiViz reads it, hosts sorted: {@code {"alice":3,"bank":2}}. */
    public static String toJson(Map<String, Long> clock) {
        StringBuilder out = new StringBuilder("{");
        new TreeMap<>(clock).forEach((host, count) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(host).append("\":").append(count);
        });
        return out.append('}').toString();
    }

    /** Parses {@link #toJson}'s form; empty when it is not one. */
    public static Optional<Map<String, Long>> parseJson(String json) {
        String text = json.strip();
        if (!text.startsWith("{") || !text.endsWith("}")) {
            return Optional.empty();
        }
        String inner = text.substring(1, text.length() - 1);
        Map<String, Long> clock = new LinkedHashMap<>();
        if (inner.isBlank()) {
            return Optional.of(clock);
        }
        for (String part : inner.split(",", -1)) {
            Matcher m = JSON_ENTRY.matcher(part);
            if (!m.matches() || !HOST.matcher(m.group(1)).matches()) {
                return Optional.empty();
            }
            clock.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return Optional.of(clock);
    }

    /** The header form, the sender's own entry first: {@code alice:3.bank:2}. */
    public static String toHeader(String sender, Map<String, Long> clock) {
        StringBuilder out = new StringBuilder(encodeName(sender)).append(':').append(clock.getOrDefault(sender, 0L));
        new TreeMap<>(clock).forEach((host, count) -> {
            if (!host.equals(sender)) {
                out.append('.').append(encodeName(host)).append(':').append(count);
            }
        });
        return out.toString();
    }

    /** What a header carried: who sent it and its clock; empty when it is not {@link #toHeader}'s form. */
    public static Optional<Stamp> parseHeader(String text) {
        Map<String, Long> clock = new LinkedHashMap<>();
        String sender = null;
        for (String entry : text.split("\\.", -1)) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            String host = entry.substring(0, colon).replace('+', '_');
            String count = entry.substring(colon + 1);
            if (!HOST.matcher(host).matches() || !count.matches("[0-9]{1,18}") || clock.containsKey(host)) {
                return Optional.empty();
            }
            clock.put(host, Long.parseLong(count));
            if (sender == null) {
                sender = host;
            }
        }
        return Optional.of(new Stamp(sender, clock));
    }

    /** A received clock and the host that sent it. */
    public record Stamp(String sender, Map<String, Long> clock) {

        /** The sender's own count: the number of the send event in the sender's trace. */
        public long senderEvent() {
            return clock.get(sender);
        }
    }

    private static String encodeName(String host) {
        return host.replace('_', '+');
    }

    @Override
    public String toString() {
        return toJson(entries);
    }
}
