package cohortbank.customer.sim;

import cohortbank.common.money.Money;
import cohortbank.customer.account.SentTransfer;
import cohortbank.customer.command.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The careless user of a simulated run: opens accounts again (its own, another's name, another's
 * address), restarts a customer without {@code --name} and opens it again, fills balances to the
 * maximum (and tries past it), and moves amounts near the maximum.
 *
 * <p>Contract: the actions are typed as console commands into the real nodes, so whatever they
 * break shows up in the cohort's invariants; the outcomes a user can see at once are checked
 * here too (a second open of an account, or a deposit past the maximum, must be refused), and
 * every such failure is a line of {@link #violations}. A customer left without an account is
 * judged by its disk, as a crashed one, until it is restarted with its name.
 */
final class MisuseActions {

    /** Virtual time a settling run gives transfers to land once room has been made. */
    private static final long ROOM_ROUND_MILLIS = 30_000;
    private static final int ROOM_ROUNDS = 8;

    private final SimCluster cluster;
    private final Random random;
    private final List<String> names;
    private final List<String> violations = new ArrayList<>();
    /** Commands whose answer must be a FAILURE, checked as their answers arrive. */
    private final List<Expectation> mustFail = new ArrayList<>();

    private record Expectation(String who, String line, Result[] answer) {
    }

    MisuseActions(SimCluster cluster, List<String> names) {
        this.cluster = cluster;
        this.random = cluster.random;
        this.names = names;
    }

    /** Performs one drawn misuse; draws are made in a fixed order, so a seed replays. */
    void step() {
        checkAnswers();
        String who = pickServing();
        if (who == null) {
            return;
        }
        switch (random.nextInt(5)) {
            case 0 -> openAgain(who);
            case 1 -> restartWithoutName(who);
            case 2 -> fillToTheMaximum(who);
            case 3 -> moveMostOfIt(who);
            default -> openAnothersAddress(who);
        }
    }

    /** What the misuse found wrong so far: accepted opens or deposits that must be refused. */
    List<String> violations() {
        checkAnswers();
        return violations;
    }

    /** {@code open} of its own account or of another name, at its own address: always refused. */
    private void openAgain(String who) {
        String name = random.nextBoolean() ? who : other(who);
        expectFailure(who, "open " + name + " " + (1 + random.nextInt(500)));
    }

    /**
     * The user forgets {@code --name}: the process comes back on the same ports and state
     * directory knowing no account, and the user opens the same one again, which must be
     * refused (never a reset to the given balance). Peers' transfers meanwhile are refused and
     * stay owed; the process is restarted properly later.
     */
    private void restartWithoutName(String who) {
        if (servingCount() <= 1) {
            return;
        }
        cluster.kill(who);
        cluster.restartWithoutName(who);
        if (cluster.handle(who).alive()) {
            expectFailure(who, "open " + who + " " + (1 + random.nextInt(500)));
        }
    }

    /** Deposits up to the maximum balance, or just past it (which must be refused). */
    private void fillToTheMaximum(String who) {
        long room = Money.MAX_CENTS - cluster.balanceCents(who);
        boolean past = random.nextInt(3) == 0;
        long cents = past ? room + 1 + random.nextInt(300) : room - random.nextInt(300);
        if (cents <= 0 || cents > Money.MAX_CENTS) {
            return;
        }
        String line = "deposit " + Money.ofCents(cents);
        if (past) {
            expectFailure(who, line);
        } else {
            cluster.start(who, line);
        }
    }

    /** Transfers most of a (possibly huge) balance at once, which may fill its receiver. */
    private void moveMostOfIt(String who) {
        long balance = cluster.balanceCents(who);
        if (balance < 2) {
            return;
        }
        long cents = balance / 2 + random.nextLong(balance / 2);
        cluster.start(who, "transfer " + Money.ofCents(Math.max(1, cents)) + " " + other(who));
    }

    /** The long form of {@code open}, naming another customer and its address: changes nothing. */
    private void openAnothersAddress(String who) {
        SimCluster.Handle target = cluster.handle(other(who));
        cluster.start(who, "open " + target.name + " " + (1 + random.nextInt(500)) + " " + target.port1.host() + " "
                + target.port1.port() + " " + target.port2.port());
    }

    private void expectFailure(String who, String line) {
        mustFail.add(new Expectation(who, line, cluster.start(who, line)));
        checkAnswers();
    }

    private void checkAnswers() {
        mustFail.removeIf(e -> {
            if (e.answer()[0] == null) {
                return false;
            }
            if (e.answer()[0].success()) {
                violations.add("misuse: " + e.who() + " accepted '" + e.line() + "': " + e.answer()[0].line());
            }
            return true;
        });
    }

    /**
     * Once the faults stop: a transfer held because its receiver is at the maximum is still
     * owed (and re-sent until it lands), so the run cannot go quiet until the receiver makes
     * room; the user of each such receiver withdraws what is needed, round after round.
     */
    void makeRoom() {
        for (int round = 0; round < ROOM_ROUNDS; round++) {
            cluster.runUntil(cluster.scheduler::isIdle, ROOM_ROUND_MILLIS);
            boolean withdrew = false;
            for (SimCluster.Handle h : cluster.handles()) {
                long needed = owedTo(h.name) + cluster.balanceCents(h.name) - Money.MAX_CENTS;
                if (needed > 0) {
                    long cents = Math.min(needed, cluster.balanceCents(h.name));
                    if (cents > 0) {
                        cluster.command(h.name, "withdrawal " + Money.ofCents(cents));
                        withdrew = true;
                    }
                }
            }
            if (!withdrew) {
                return;
            }
        }
    }

    /** What the other members' sent logs still owe {@code receiver}: not yet taken by it. */
    private long owedTo(String receiver) {
        long owed = 0;
        for (SimCluster.Handle h : cluster.handles()) {
            if (h.name.equals(receiver)) {
                continue;
            }
            long taken = cluster.handle(receiver).account().receivedUpTo(h.name);
            for (SentTransfer t : h.account().sentLog()) {
                if (t.receiver().equals(receiver) && t.label() > taken) {
                    owed += t.amount().cents();
                }
            }
        }
        return owed;
    }

    /** A random customer that is up with its account, or null. */
    private String pickServing() {
        List<String> serving = names.stream().filter(n -> cluster.handle(n).serving()).toList();
        return serving.isEmpty() ? null : serving.get(random.nextInt(serving.size()));
    }

    private int servingCount() {
        return (int) names.stream().filter(n -> cluster.handle(n).serving()).count();
    }

    private String other(String who) {
        String o = names.get(random.nextInt(names.size() - 1));
        return o.equals(who) ? names.get(names.size() - 1) : o;
    }
}
