package cohortbank.customer.sim;

import cohortbank.common.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The hostile user and the hostile world of one run: each {@link #step} draws one action from
 * the run's random: a money move, a checkpoint or rollback (sometimes several initiated at
 * once by different members), a cohort deleted or formed (transfers in flight or not), a crash
 * of a customer or of the bank now or at a coming disk write (or a customer's write that
 * fails), a restart, a partition or its healing, and the careless user's {@link MisuseActions}.
 * Everything is typed as console commands into the real nodes.
 */
final class Workload {

    private final SimCluster cluster;
    private final Random random;
    private final Hostility plan;
    private final List<String> names;
    private final MisuseActions misuse;
    private final CompletionChecker completions;

    Workload(SimCluster cluster, Hostility plan, CompletionChecker completions) {
        this.cluster = cluster;
        this.random = cluster.random;
        this.plan = plan;
        this.completions = completions;
        this.names = List.copyOf(cluster.names());
        this.misuse = new MisuseActions(cluster, names);
    }

    /** The careless user's part of the workload (repeated opens, restarts without a name, maximal amounts). */
    MisuseActions misuse() {
        return misuse;
    }

    /** Performs one drawn action; draws are made in a fixed order, so a seed replays. */
    void step() {
        double faults = random.nextDouble();
        if (faults < plan.crashOdds()) {
            crash();
            return;
        }
        if (faults < plan.crashOdds() + plan.partitionOdds()) {
            partition();
            return;
        }
        int roll = random.nextInt(100);
        if (roll < 8) {
            restartOne();
        } else if (roll < 10) {
            cluster.network.heal();
            completions.partitioned(false);
        } else if (roll < 40) {
            money(random.nextInt(10) == 0 ? "lost-transfer" : "transfer");
        } else if (roll < 50) {
            money("deposit");
        } else if (roll < 58) {
            money("withdrawal");
        } else if (roll < 75) {
            initiate(random.nextInt(3) == 0 ? "rollback" : "checkpoint");
        } else if (roll < 85) {
            concurrentInitiations();
        } else if (roll < 90) {
            changeCohorts();
        } else if (roll < 95) {
            burstOfTransfers();
        } else {
            misuse.step();
        }
    }

    /** A member asks the bank to delete its cohort, or a customer asks for a new one, transfers in flight or not. */
    private void changeCohorts() {
        String who = pick();
        if (who == null) {
            return;
        }
        if (random.nextBoolean()) {
            cluster.start(who, "delete-cohort " + who);
        } else {
            cluster.start(who, "new-cohort " + who + " " + (2 + random.nextInt(names.size() - 1)));
        }
    }

    private void money(String verb) {
        String who = pick();
        if (who == null) {
            return;
        }
        long cents = 1 + random.nextInt(random.nextBoolean() ? 2_000 : 20_000);
        String line = verb + " " + Money.ofCents(cents);
        if (verb.endsWith("transfer")) {
            line += " " + other(who);
        }
        cluster.start(who, line);
    }

    private void initiate(String verb) {
        String who = pick();
        if (who != null) {
            completions.typed(who, verb, cluster.start(who, verb));
        }
    }

    /** Two or three members start instances at the same instant. */
    private void concurrentInitiations() {
        int count = 2 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            initiate(random.nextBoolean() ? "rollback" : "checkpoint");
        }
    }

    /** Several transfers at once, to build the dependencies that checkpoints must follow. */
    private void burstOfTransfers() {
        int count = 2 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            money("transfer");
        }
    }

    /** Kills a customer now, or arms a crash before or after one of its coming disk writes, or its failure. */
    private void crash() {
        boolean bank = random.nextInt(4) == 0;
        String who = bank ? SimCluster.BANK_NAME : pick();
        if (bank ? !cluster.bankAlive() : who == null || aliveCount() <= 1) {
            return;
        }
        if (random.nextBoolean()) {
            cluster.kill(who);
        } else {
            CrashableStorage.When[] whens = CrashableStorage.When.values();
            CrashableStorage.When when = whens[random.nextInt(whens.length)];
            (bank ? cluster.bankDisk : cluster.handle(who).storage).crashAtWrite(1 + random.nextInt(6), when);
        }
    }

    /** Cuts a customer off from one peer, or from everyone; {@code heal} or the end undoes it. */
    private void partition() {
        String a = names.get(random.nextInt(names.size()));
        SimCluster.Handle ha = cluster.handle(a);
        completions.partitioned(true);
        if (random.nextInt(4) == 0) {
            cluster.network.isolate(ha.port2);
            return;
        }
        SimCluster.Handle hb = cluster.handle(other(a));
        cluster.network.partition(ha.port2, hb.port2);
    }

    /** Restarts, with its name, a customer that is down or was restarted without it. */
    private void restartOne() {
        List<String> dead = new ArrayList<>();
        for (String n : names) {
            if (!cluster.handle(n).serving()) {
                dead.add(n);
            }
        }
        if (!cluster.bankAlive()) {
            dead.add(SimCluster.BANK_NAME);
        }
        if (!dead.isEmpty()) {
            String who = dead.get(random.nextInt(dead.size()));
            if (who.equals(SimCluster.BANK_NAME)) {
                cluster.restartBank();
            } else {
                cluster.kill(who); // a process without its account is quit first
                cluster.restart(who);
            }
        }
    }

    /** A random live customer with its account, or null when there is none. */
    private String pick() {
        List<String> alive = new ArrayList<>();
        for (String n : names) {
            if (cluster.handle(n).serving()) {
                alive.add(n);
            }
        }
        return alive.isEmpty() ? null : alive.get(random.nextInt(alive.size()));
    }

    private String other(String who) {
        String o = names.get(random.nextInt(names.size() - 1));
        return o.equals(who) ? names.get(names.size() - 1) : o;
    }

    private int aliveCount() {
        return (int) names.stream().filter(n -> cluster.handle(n).serving()).count();
    }
}
