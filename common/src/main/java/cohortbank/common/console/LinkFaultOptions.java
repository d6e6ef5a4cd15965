package cohortbank.common.console;

import cohortbank.common.net.LinkFaults;
import picocli.CommandLine.Option;

/**
 * The faults of one link as options (a picocli mixin):
 * {@code --drop P --duplicate P --reorder P --delay MS[-MS]}. The processes' command line
 * ({@link FaultOptions}) and the {@code faults} console command ({@link FaultsCommand}) both
 * mix it in, so they accept and refuse exactly the same words.
 *
 * <p>Values are kept as typed and checked by {@link #faults()}, so that a bad one is reported
 * in the project's words, naming the option and the text.
 */
public final class LinkFaultOptions {

    /** For usage lines. */
    public static final String USAGE = "[--drop P] [--duplicate P] [--reorder P] [--delay MS[-MS]]";

    @Option(names = "--drop", paramLabel = "P", description = "drop each outgoing datagram with probability P (0..1)")
    String drop;

    @Option(names = "--duplicate", paramLabel = "P", description = "send an outgoing datagram twice with probability P")
    String duplicate;

    @Option(names = "--reorder", paramLabel = "P",
            description = "hold an outgoing datagram back 10-100 ms with probability P, so later ones overtake it")
    String reorder;

    @Option(names = "--delay", paramLabel = "MS[-MS]", description = "delay each outgoing datagram MS, or uniformly MIN-MAX, ms")
    String delay;

    /** True when none of the options was given. */
    public boolean none() {
        return drop == null && duplicate == null && reorder == null && delay == null;
    }

    /**
     * The faults these options describe; kinds left out are 0.
     *
     * @throws IllegalArgumentException naming the first bad option and its text
     */
    public LinkFaults faults() {
        return LinkFaults.parse(drop, duplicate, reorder, delay);
    }
}
