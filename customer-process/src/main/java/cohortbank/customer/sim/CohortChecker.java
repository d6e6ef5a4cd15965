package cohortbank.customer.sim;

import cohortbank.customer.account.Account;
import cohortbank.customer.account.HistoryEntry;
import cohortbank.customer.check.Invariants;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.store.CustomerStore;
import cohortbank.customer.store.NodeMeta;
import cohortbank.customer.wire.Decision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks DESIGN §7 on a {@link SimCluster} at any instant, crashed customers included.
 *
 * <p>A running customer is judged by its live account; a crashed one, or one restarted without
 * its name (it knows no account), by what its disk would restore. The permanent cut is read from the disks, because only what is durable counts: a
 * customer's cut is its permanent checkpoint, or its tentative one once the instance's
 * initiator has durably decided to commit it (from then on nothing can undo it, and the
 * decision is on its way). The live no-orphan rule applies only when the cohort is settled
 * (everyone up and in no instance), see {@link Invariants#safety(java.util.Collection, boolean)}.
 */
final class CohortChecker {

    /** What one disk holds, parsed once per durable change; the metadata only when asked for. */
    private static final class Disk {
        final long version;
        final CustomerStore store;
        final Optional<Checkpoint> permanent;
        final Optional<Checkpoint> tentative;
        private Optional<NodeMeta> meta;

        Disk(long version, CustomerStore store) {
            this.version = version;
            this.store = store;
            this.permanent = store.loadPermanent();
            this.tentative = store.loadTentative();
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

    CohortChecker(SimCluster cluster) {
        this.cluster = cluster;
    }

    /** Safety now: one line per violation, empty when all hold. */
    List<String> safety() {
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
                Account restored = disk(h).permanent.map(Checkpoint::account).orElse(new Account(
                        cohortbank.common.money.Money.ofCents(opening)));
                books.add(new Invariants.Books(h.name, opening, restored.balance().cents(), restored.history(), cut));
            }
        }
        return Invariants.safety(books, settled);
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
        return violations;
    }

    private Optional<List<HistoryEntry>> committedCut(SimCluster.Handle h) {
        Disk d = disk(h);
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
