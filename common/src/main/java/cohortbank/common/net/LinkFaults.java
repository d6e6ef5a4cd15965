package cohortbank.common.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * What a hostile link does to the datagrams sent on it, the one model of link faults for the
 * real network ({@link FaultyTransport}) and the simulated one ({@code InMemoryNetwork}): each
 * datagram is lost with probability {@code drop}; otherwise sent twice with probability
 * {@code duplicate}; every copy waits a delay drawn uniformly from
 * {@code minDelayMillis..maxDelayMillis}, and is held back a further
 * {@value #HOLD_BACK_MIN_MILLIS}–{@value #HOLD_BACK_MAX_MILLIS} ms with probability
 * {@code reorder}, so that datagrams sent after it overtake it. Independent delays reorder too.
 * Both networks draw a datagram's fate through {@link #fate}.
 *
 * <p>Contract: probabilities are in 0..1 and {@code 0 <= minDelayMillis <= maxDelayMillis <=}
 * {@link #MAX_DELAY_MILLIS}; anything else is rejected on construction with a message naming
 * the option ({@code --drop}, {@code --duplicate}, {@code --reorder} or {@code --delay}) as the
 * user typed it, so both the command line and the {@code faults} console command can show it.
 */
public record LinkFaults(double drop, double duplicate, double reorder, long minDelayMillis, long maxDelayMillis) {

    /** A perfect link: every datagram leaves at once, once. */
    public static final LinkFaults NONE = new LinkFaults(0, 0, 0, 0, 0);

    /** Longest delay accepted: beyond a minute a datagram is as good as lost, so say so instead. */
    public static final long MAX_DELAY_MILLIS = 60_000;

    /** Least extra wait of a copy held back by {@code reorder}. */
    public static final long HOLD_BACK_MIN_MILLIS = 10;

    /** Most extra wait of a copy held back by {@code reorder}. */
    public static final long HOLD_BACK_MAX_MILLIS = 100;

    private static final Pattern PROBABILITY = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,9})?|\\.[0-9]{1,9}");
    private static final Pattern DELAY = Pattern.compile("([0-9]{1,6})(?:-([0-9]{1,6}))?");

    public LinkFaults {
        requireProbability("--drop", drop);
        requireProbability("--duplicate", duplicate);
        requireProbability("--reorder", reorder);
        if (minDelayMillis < 0 || maxDelayMillis < minDelayMillis || maxDelayMillis > MAX_DELAY_MILLIS) {
            throw new IllegalArgumentException("--delay " + minDelayMillis + "-" + maxDelayMillis
                    + ": expected MS or MIN-MAX with 0 <= MIN <= MAX <= " + MAX_DELAY_MILLIS);
        }
    }

    /** A link that loses, duplicates and delays (hence reorders) datagrams, holding none back. */
    public static LinkFaults lossy(double drop, double duplicate, long minDelayMillis, long maxDelayMillis) {
        return new LinkFaults(drop, duplicate, 0, minDelayMillis, maxDelayMillis);
    }

    /** A link that loses nothing but delays each datagram by a random amount, so reorders. */
    public static LinkFaults delayed(long minDelayMillis, long maxDelayMillis) {
        return new LinkFaults(0, 0, 0, minDelayMillis, maxDelayMillis);
    }

    /**
     * What these faults do to one datagram.
     *
     * @param delays   the wait of each copy sent, in milliseconds: none when the datagram is
     *                 dropped, two when it is duplicated
     * @param heldBack how many of those copies were held back by {@code reorder}
     */
    public record Fate(List<Long> delays, int heldBack) {
        public Fate {
            delays = List.copyOf(delays);
        }

        public boolean dropped() {
            return delays.isEmpty();
        }

        public boolean duplicated() {
            return delays.size() > 1;
        }
    }

    /**
     * Draws one datagram's fate from {@code random}. The draws are made in a fixed order (drop,
     * duplicate, then for each copy its delay and, only when {@code reorder > 0}, whether it is
     * held back), so a seed and the same sequence of sends replay the same faults; a delay range
     * of one value and a {@code reorder} of 0 draw nothing.
     */
    public Fate fate(Random random) {
        if (random.nextDouble() < drop) {
            return new Fate(List.of(), 0);
        }
        int copies = random.nextDouble() < duplicate ? 2 : 1;
        List<Long> delays = new ArrayList<>(copies);
        int heldBack = 0;
        for (int i = 0; i < copies; i++) {
            long delay = draw(random, minDelayMillis, maxDelayMillis);
            if (reorder > 0 && random.nextDouble() < reorder) {
                heldBack++;
                delay += draw(random, HOLD_BACK_MIN_MILLIS, HOLD_BACK_MAX_MILLIS);
            }
            delays.add(delay);
        }
        return new Fate(delays, heldBack);
    }

    private static long draw(Random random, long min, long max) {
        // Random.nextInt(bound) has a specified algorithm, so a seed replays on every JDK.
        return min == max ? min : min + random.nextInt((int) (max - min) + 1);
    }

    /** True when this link changes nothing. */
    public boolean none() {
        // Field by field rather than equals(NONE): a record's generated equals is bootstrapped
        // through method handles on its first call, some 40 generated classes, and every process
        // calls this at start (the START log line describes its faults). maxDelayMillis 0 implies
        // minDelayMillis 0 (the constructor keeps min <= max).
        return drop == 0 && duplicate == 0 && reorder == 0 && maxDelayMillis == 0;
    }

    /**
     * The faults of one link as typed in options, each text as given after {@code --drop},
     * {@code --duplicate}, {@code --reorder} and {@code --delay}, or null when that option was
     * left out (it is then 0). The process options and the {@code faults} console command both
     * read their words through here, so they accept and refuse exactly the same things.
     *
     * @throws IllegalArgumentException naming the first bad option and its text
     */
    public static LinkFaults parse(String drop, String duplicate, String reorder, String delay) {
        double dropP = drop == null ? 0 : parseProbability("--drop", drop);
        double duplicateP = duplicate == null ? 0 : parseProbability("--duplicate", duplicate);
        double reorderP = reorder == null ? 0 : parseProbability("--reorder", reorder);
        long[] range = delay == null ? new long[] {0, 0} : parseDelay(delay);
        return new LinkFaults(dropP, duplicateP, reorderP, range[0], range[1]);
    }

    /**
     * Parses a probability as typed after {@code option}: a plain decimal from 0 to 1
     * ({@code 0.3}, {@code .3}, {@code 1}); no exponent, sign, NaN or infinity.
     *
     * @throws IllegalArgumentException naming the option and the text
     */
    static double parseProbability(String option, String text) {
        if (text == null || !PROBABILITY.matcher(text).matches()) {
            throw new IllegalArgumentException(option + " '" + text + "': expected a probability 0..1 such as 0.3");
        }
        double value = Double.parseDouble(text);
        if (value > 1.0) {
            throw new IllegalArgumentException(option + " '" + text + "': a probability is at most 1");
        }
        return value;
    }

    /**
     * Parses {@code MS} or {@code MIN-MAX} (milliseconds) as typed after {@code --delay}.
     *
     * @return {@code {min, max}}
     * @throws IllegalArgumentException naming {@code --delay} and the text
     */
    static long[] parseDelay(String text) {
        var m = text == null ? null : DELAY.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("--delay '" + text + "': expected MS or MIN-MAX in milliseconds, such as 5-40");
        }
        long min = Long.parseLong(m.group(1));
        long max = m.group(2) == null ? min : Long.parseLong(m.group(2));
        if (max < min) {
            throw new IllegalArgumentException("--delay '" + text + "': MIN is above MAX");
        }
        if (max > MAX_DELAY_MILLIS) {
            throw new IllegalArgumentException("--delay '" + text + "': at most " + MAX_DELAY_MILLIS + " ms");
        }
        return new long[] {min, max};
    }

    /** As typed: {@code drop 0.3 duplicate 0.3 reorder 0.1 delay 5-40ms}, or {@code none}. */
    public String describe() {
        if (none()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        parts.add("drop " + number(drop));
        parts.add("duplicate " + number(duplicate));
        parts.add("reorder " + number(reorder));
        parts.add("delay " + delayText());
        return String.join(" ", parts);
    }

    /** The delay as typed, with its unit: {@code 5-40ms}, {@code 0ms}. */
    public String delayText() {
        return (minDelayMillis == maxDelayMillis ? "" + minDelayMillis : minDelayMillis + "-" + maxDelayMillis) + "ms";
    }

    /** A probability as short as it can be written: {@code 0}, {@code 0.3}, {@code 1}. */
    public static String number(double p) {
        String text = String.format(Locale.ROOT, "%.4f", p).replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static void requireProbability(String option, double value) {
        if (!(value >= 0.0 && value <= 1.0)) { // also rejects NaN
            throw new IllegalArgumentException(option + " " + value + ": expected a probability 0..1");
        }
    }
}
