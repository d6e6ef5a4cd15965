package cohortbank.common.trace;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One event of a trace file, one line each:
 * {@code <ISO-8601 UTC time> <host> <vector clock JSON> <event text>}, for example
 * {@code 2026-11-21T19:52:34.123Z alice {"alice":3,"bank":2} transfer-sent to=bob amount=10.00 label=1}.
 *
 * <p>ShiViz reads such lines with {@link #SHIVIZ_REGEX}; its {@code date} group shows the time
 * beside each event. The text is one line with no control characters ({@link #sanitize}).
 */
public record TraceLine(Instant time, String host, Map<String, Long> clock, String text) {

    /** The ShiViz parser expression for these lines (named groups host, clock, event; date shown as a field). */
    public static final String SHIVIZ_REGEX =
            "(?<date>\\S+) (?<host>\\S+) (?<clock>\\{[^}]*\\}) (?<event>.*)";

    private static final Pattern LINE = Pattern.compile(SHIVIZ_REGEX);

    public TraceLine {
        clock = Map.copyOf(clock);
        text = sanitize(text);
        if (!VectorClock.HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("bad host name '" + host + "'");
        }
        if (clock.getOrDefault(host, 0L) < 1) {
            throw new IllegalArgumentException("the clock of " + host + "'s event lacks its own entry: " + clock);
        }
    }

    /** This host's own count: the event's number in its host's trace. */
    public long number() {
        return clock.get(host);
    }

    public String line() {
        return time + " " + host + " " + VectorClock.toJson(clock) + " " + text;
    }

    /** Parses {@link #line()}'s form; empty for anything else (a line torn by a crash, say). */
    public static Optional<TraceLine> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Instant time = Instant.parse(m.group("date"));
            Optional<Map<String, Long>> clock = VectorClock.parseJson(m.group("clock"));
            if (clock.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new TraceLine(time, m.group("host"), clock.get(), m.group("event")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * One printable line of at most 300 characters: control characters become {@code ?}; a
     * line ending (a reply to a person ends in one) is left out first.
     */
    public static String sanitize(String text) {
        StringBuilder out = new StringBuilder();
        text.strip().codePoints().limit(300).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString().strip();
    }
}
