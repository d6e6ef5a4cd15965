package cohortbank.customer.sim;

import cohortbank.common.net.LinkFaults;
import java.util.Locale;
import java.util.Random;

/**
 * How hostile one simulated run is, drawn from its seed: datagram loss 0–30%, duplication
 * 0–50%, delays whose spread reorders datagrams, how often partitions are cut (each heals
 * later) and how often customers crash.
 *
 * @param network        loss, duplication and delay of every link
 * @param partitionOdds  chance that a workload step cuts a link between two customers
 * @param crashOdds      chance that a workload step kills a customer, now or at a coming write
 */
public record Hostility(LinkFaults network, double partitionOdds, double crashOdds) {

    /** Draws how hostile a run is; the draws are always made in this order, so a seed replays. */
    public static Hostility draw(Random random) {
        double loss = random.nextDouble() * 0.30;
        double duplication = random.nextDouble() * 0.50;
        long minDelay = random.nextInt(20);
        long maxDelay = minDelay + random.nextInt(300);
        double partitions = random.nextDouble() * 0.10;
        double crashes = random.nextDouble() * 0.12;
        return new Hostility(LinkFaults.lossy(loss, duplication, minDelay, maxDelay), partitions, crashes);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "loss=%.0f%% dup=%.0f%% delay=%d..%dms partitions=%.0f%% crashes=%.0f%%",
                network.drop() * 100, network.duplicate() * 100, network.minDelayMillis(),
                network.maxDelayMillis(), partitionOdds * 100, crashOdds * 100);
    }
}
