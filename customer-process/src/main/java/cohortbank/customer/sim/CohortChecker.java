package cohortbank.customer.sim;

import cohortbank.bank.BankDataException;
import cohortbank.bank.BankStore;
import cohortbank.bank.CustomerRecord;
import cohortbank.customer.account.Account;
import cohortbank.customer.account.HistoryEntry;
import cohortbank.customer.check.Invariants;
import cohortbank.customer.node.CustomerNode;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.store.CustomerStore;
import cohortbank.customer.store.NodeMeta;
import cohortbank.customer.wire.Decision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks DESIGN §7 on a {@link SimCluster} at any instant, crashed customers included.
 *
 * <p>A running customer is judged by its live account; a crashed one, or one restarted without
 * its name (it knows no account), by what its disk would restore. The permanent cut is read from the disks, because only what is durable counts: a
 * customer's cut is its permanent checkpoint, or its tentative one once the instance's
 * initiator has durably decided to commit it (from then on nothing can undo it, and the
 * decision is on its way). The live no-orphan rule applies only when the cohort is settled
 * (everyone up and in no instance), see {@link Invariants#safety(java.util.Collection, boolean)}.
 * A member frozen and drained for a deletion the bank has decided is judged by its durable
 * live account, which a restart resumes and which no rollback can undo any more. Beyond DESIGN §7, no customer may move money
 * in a cohort the bank does not hold; and once quiet, a customer in no cohort has, in the
 * bank's data.csv, the balance of its permanent checkpoint (DESIGN §2).
 */
final class CohortChecker {

    /** What one disk holds, parsed once per durable change; the metadata only when asked for. */
    private static final class Disk {
        final long version;
        final CustomerStore store;
        final Optional<Checkpoint> permanent;
        final Optional<Checkpoint> tentative;
        private Optional<NodeMeta> meta;

        private Optional<Account> live;

        Disk(long version, CustomerStore store) {
            this.version = version;
            this.store = store;
            this.permanent = store.loadPermanent();
            this.tentative = store.loadTentative();
        }

        Optional<Account> live() {
            if (live == null) {
                live = store.loadLive();
            }
            return live;
        }

        Optional<NodeMeta> meta() {
            if (meta == null) {
                meta = store.loadMeta();
            }
            return meta;
        }
    }

    private final SimCluster cluster;
    private final Map<String, Disk> disks = new HashMap<>();
    private long bankVersion = -1;
    private Map<Long, Set<String>> bankCohorts = Map.of();
    /** The balances of the active customers in no cohort in the bank's durable data.csv, in cents. */
    private Map<String, Long> bankFreeBalances = Map.of();

    CohortChecker(SimCluster cluster) {
        this.cluster = cluster;
    }

    /** Everything {@link #safety} reads, at its last check, and what it found then. */
    private long[] checkedInputs = new long[0];
    private List<String> checkedViolations = List.of();

    /**
     * Safety now: one line per violation, empty when all hold. Safety is a function of the
     * bank's disk, each customer's disk, and each running customer's balance, history,
     * activity and cohort; most events change none of them (a retransmission, an
     * acknowledgement of nothing new, a timer), and then the last answer stands.
     */
    List<String> safety() {
        long[] inputs = inputs();
        if (!Arrays.equals(inputs, checkedInputs)) {
            checkedViolations = check();
            checkedInputs = inputs;
        }
        return checkedViolations;
    }

    /** The stamps of what {@link #check} reads: equal stamps, equal inputs. */
    private long[] inputs() {
        Collection<SimCluster.Handle> handles = cluster.handles();
        long[] in = new long[1 + 8 * handles.size()];
        int i = 0;
        in[i++] = cluster.bankDisk.version();
        for (SimCluster.Handle h : handles) {
            in[i++] = h.storage.version();
            in[i++] = h.incarnation();
            if (h.serving()) {
                CustomerNode node = h.node();
                in[i++] = 1;
                in[i++] = node.accountStamp();
                in[i++] = node.balance().cents();
                in[i++] = node.activity().hashCode();
                in[i++] = node.cohortId();
                in[i++] = (node.movesMoneyInCohort() ? 1 : 0) | (node.frozen() ? 2 : 0);
            } else {
                i += 6;
            }
        }
        return in;
    }

    private List<String> check() {
        List<Invariants.Books> books = new ArrayList<>();
        boolean settled = true;
        for (SimCluster.Handle h : cluster.handles()) {
            Optional<List<HistoryEntry>> cut = committedCut(h);
            long opening = cluster.openingCents(h.name);
            if (h.serving()) {
                settled &= h.node().activity().equals("idle");
                Account a = h.account();
                books.add(new Invariants.Books(h.name, opening, a.balance().cents(), a.history(), cut));
            } else {
                settled = false;
                // What a restart with its name restores: the live file a clean quit or a drain
                // left, else the permanent checkpoint.
                Disk d = disk(h);
                Account restored = d.live().or(() -> d.permanent.map(Checkpoint::account)).orElse(new Account(
                        cohortbank.common.money.Money.ofCents(opening)));
                books.add(new Invariants.Books(h.name, opening, restored.balance().cents(), restored.history(), cut));
            }
        }
        List<String> violations = new ArrayList<>(Invariants.safety(books, settled));
        violations.addAll(cohortsHeldByTheBank());
        return violations;
    }

    /**
     * Once quiet: the bank's balance column holds each customer's balance at its latest
     * permanent checkpoint (DESIGN §2), for every customer out of every cohort, on its disk and
     * in the bank's durable data.csv (a deletion records the drained balance its members leave
     * with; a free customer's own checkpoints report theirs, re-sent until answered and again
     * after a restart). Not judged at every instant, since a report is on its way for a while;
     * nor for members of a cohort, whose rows a deletion settles.
     */
    private List<String> freeBalancesAgreeWithTheBank() {
        bankCohorts(); // reads data.csv if it changed
        List<String> violations = new ArrayList<>();
        for (SimCluster.Handle h : cluster.handles()) {
            Long row = bankFreeBalances.get(h.name);
            Disk d = disk(h);
            if (row == null || d.permanent.isEmpty() || d.meta().map(m -> m.cohortId != 0).orElse(true)) {
                continue;
            }
            long permanent = d.permanent.get().account().balance().cents();
            if (permanent != row) {
                violations.add("bank: " + h.name + " is in no cohort with a permanent checkpoint balance of "
                        + cohortbank.common.money.Money.ofCents(permanent) + ", but the bank's data.csv holds "
                        + cohortbank.common.money.Money.ofCents(row));
            }
        }
        return violations;
    }

    /**
     * No customer moves money in a cohort the bank does not hold: every customer whose disk
     * says it is confirmed in a cohort (and so may move money in it) finds that cohort, with the
     * same members, in the bank's durable data.csv. A prepared or frozen member moves no money.
     */
    private List<String> cohortsHeldByTheBank() {
        Map<Long, Set<String>> held = bankCohorts();
        List<String> violations = new ArrayList<>();
        for (SimCluster.Handle h : cluster.handles()) {
            // A running customer's state is what its disk holds (it writes its cohort before
            // answering the bank); reading it from memory spares a parse after every write.
            long cohort;
            Set<String> members = new TreeSet<>();
            if (h.serving()) {
                if (!h.node().movesMoneyInCohort()) {
                    continue;
                }
                cohort = h.node().cohortId();
                h.node().members().forEach(m -> members.add(m.name()));
            } else {
                Optional<NodeMeta> meta = disk(h).meta();
                if (meta.isEmpty() || meta.get().cohortId == 0 || meta.get().cohortState != NodeMeta.CohortState.CONFIRMED) {
                    continue;
                }
                cohort = meta.get().cohortId;
                meta.get().members.forEach(m -> members.add(m.name()));
            }
            Set<String> bank = held.get(cohort);
            if (!members.equals(bank)) {
                violations.add("cohort not held: " + h.name + " may move money in cohort " + cohort
                        + " with " + members + ", but the bank's data.csv " + (bank == null ? "has no such cohort"
                        : "lists " + bank));
            }
        }
        return violations;
    }

    /**
     * Whether {@code h} is frozen for a deletion: from memory when it runs as its customer, else
     * from its disk (a process restarted without its name knows nothing, but its disk does).
     */
    private boolean frozen(SimCluster.Handle h) {
        if (h.serving()) {
            return h.node().frozen();
        }
        return disk(h).meta().map(m -> m.cohortId != 0 && m.cohortState == NodeMeta.CohortState.FROZEN).orElse(false);
    }

    /** The cohorts of the bank's durable data.csv, parsed once per durable change. */
    private Map<Long, Set<String>> bankCohorts() {
        if (cluster.bankDisk.version() != bankVersion) {
            bankVersion = cluster.bankDisk.version();
            Map<Long, Set<String>> cohorts = new HashMap<>();
            Map<String, Long> free = new HashMap<>();
            try {
                var table = new BankStore(cluster.bankDisk, "data.csv", Path.of("data.csv")).read().table();
                table.cohorts().forEach((id, rows) -> cohorts.put((long) id,
                                new TreeSet<>(rows.stream().map(CustomerRecord::name).toList())));
                table.active().stream().filter(r -> !r.inCohort())
                        .forEach(r -> free.put(r.name(), r.balance().cents()));
            } catch (BankDataException e) {
                throw new IllegalStateException("the bank's disk does not load: " + e.getMessage(), e);
            }
            bankCohorts = cohorts;
            bankFreeBalances = free;
        }
        return bankCohorts;
    }

    /** Once quiet: everyone up and idle, and no loss, and the money adds up. */
    List<String> quiet() {
        List<String> violations = new ArrayList<>();
        List<Invariants.Books> books = new ArrayList<>();
        for (SimCluster.Handle h : cluster.handles()) {
            if (!h.serving()) {
                violations.add("liveness: " + h.name + (h.alive() ? " has no account" : " is down"));
                continue;
            }
            String activity = h.node().activity();
            if (!activity.equals("idle")) {
                violations.add("liveness: " + h.name + " never finished: " + activity);
            }
            Account a = h.account();
            books.add(new Invariants.Books(h.name, cluster.openingCents(h.name), a.balance().cents(), a.history(),
                    committedCut(h)));
        }
        violations.addAll(Invariants.safety(books, true));
        violations.addAll(Invariants.quiet(books));
        violations.addAll(cohortsHeldByTheBank());
        violations.addAll(freeBalancesAgreeWithTheBank());
        return violations;
    }

    private Optional<List<HistoryEntry>> committedCut(SimCluster.Handle h) {
        Disk d = disk(h);
        if (frozen(h) && d.live().isPresent()
                && d.meta().map(m -> !bankCohorts().containsKey(m.cohortId)).orElse(false)) {
            // Drained for a deletion the bank has decided: a restart resumes from the live file,
            // no rollback can happen any more, and leaving makes it the permanent checkpoint.
            return Optional.of(d.live().get().history());
        }
        if (d.tentative.isPresent()) {
            Checkpoint t = d.tentative.get();
            String instance = t.instance();
            SimCluster.Handle initiator = cluster.handle(instance.substring(0, instance.lastIndexOf(':')));
            if (initiator != null && disk(initiator).meta()
                    .map(m -> m.decisions.get(instance) == Decision.COMMIT).orElse(false)) {
                return Optional.of(t.account().history());
            }
        }
        return d.permanent.map(c -> c.account().history());
    }

    private Disk disk(SimCluster.Handle h) {
        Disk d = disks.get(h.name);
        long version = h.storage.version();
        if (d == null || d.version != version) {
            d = new Disk(version, new CustomerStore(h.storage, warning -> { }));
            disks.put(h.name, d);
        }
        return d;
    }
}
