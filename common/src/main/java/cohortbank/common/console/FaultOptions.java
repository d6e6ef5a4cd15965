package cohortbank.common.console;

import cohortbank.common.net.FaultControl;
import cohortbank.common.net.FaultPlan;
import cohortbank.common.net.LinkFaults;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The fault-injection options both processes accept (a picocli mixin): the
 * {@link LinkFaultOptions} and {@code --fault-seed N}. They set the
 * default of the process's {@link FaultPlan}, applied to every datagram it sends; the
 * {@code faults} console command changes it later, link by link.
 *
 * <p>Values are kept as typed and validated by {@link #control()}, so a bad one is reported
 * as {@code bad option --drop '1.5': ...} with exit code 2 like every other bad option.
 */
public final class FaultOptions {

    /** For the processes' one-line usage. */
    public static final String USAGE = LinkFaultOptions.USAGE + " [--fault-seed N]";

    @Mixin
    LinkFaultOptions link = new LinkFaultOptions();

    @Option(names = "--fault-seed", paramLabel = "N", description = "seed for the faults (default: random, logged)")
    Long faultSeed;

    /**
     * The process's fault control, with the plan these options describe as its default.
     *
     * @throws StartupFailure (code 2) naming the first bad option
     */
    public FaultControl control() throws StartupFailure {
        try {
            LinkFaults faults = link.faults();
            // Not SecureRandom: a fault seed is no secret (it is logged, to replay the faults), and
            // the first SecureRandom of a process loads and seeds the security providers, 40 to
            // 200 ms before a customer could listen (docs/PERFORMANCE.md, start-up).
            long seed = faultSeed != null ? faultSeed : ThreadLocalRandom.current().nextLong();
            return new FaultControl(FaultPlan.NONE.withDefault(faults), seed);
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(2, "bad option " + e.getMessage());
        }
    }
}
