package cohortbank.customer.check;

import cohortbank.customer.account.HistoryEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The invariants of DESIGN §7, checked over the books of a cohort's customers. One checker
 * serves the simulator, the scenario tests and the scenario runner on real processes, so all
 * of them mean the same thing by "no orphan" or "no loss".
 *
 * <p>Pure: takes snapshots, returns one readable line per violation (empty when all hold),
 * never throws on odd input.
 */
public final class Invariants {

    private Invariants() {
    }

    /**
     * One customer as the checker sees it.
     *
     * @param openingCents the balance its account was opened with
     * @param balanceCents its live balance
     * @param history      its live history, oldest first
     * @param permanent    the history of its latest permanent checkpoint, if it has one
     */
    public record Books(String name, long openingCents, long balanceCents, List<HistoryEntry> history,
            Optional<List<HistoryEntry>> permanent) {

        public Books {
            history = List.copyOf(history);
            permanent = permanent.map(List::copyOf);
        }
    }

    /**
     * What must hold at every instant: no orphan (live and in the permanent cut), exactly once,
     * no negative balance, and each balance equal to its opening plus its history.
     */
    public static List<String> safety(Collection<Books> cohort) {
        return safety(cohort, true);
    }

    /**
     * As {@link #safety(Collection)}, but the no-orphan rule on live states is checked only
     * when {@code settled}: every member is up and in no instance. In between, Koo–Toueg
     * allows a live orphan for a moment: a rollback's initiator restores before its
     * participants hear the decision, and a restarted process restores before its recovery
     * rollback reaches the peers that hold its undone transfers. The permanent cut, exactly
     * once, balances and books are checked always.
     */
    public static List<String> safety(Collection<Books> cohort, boolean settled) {
        List<String> violations = new ArrayList<>();
        Map<String, List<HistoryEntry>> live = new LinkedHashMap<>();
        Map<String, List<HistoryEntry>> cut = new LinkedHashMap<>();
        for (Books b : cohort) {
            live.put(b.name(), b.history());
            b.permanent().ifPresent(p -> cut.put(b.name(), p));
        }
        if (settled) {
            orphans(live, "live state", violations);
        }
        orphans(cut, "permanent checkpoints", violations);
        for (Books b : cohort) {
            if (b.balanceCents() < 0) {
                violations.add("negative balance: " + b.name() + " holds " + b.balanceCents() + " cents");
            }
            long fromHistory = b.openingCents();
            Set<String> applied = new HashSet<>();
            for (HistoryEntry h : b.history()) {
                fromHistory += h.deltaCents();
                if (h.kind() == HistoryEntry.Kind.RECEIVED && !applied.add(key(h.counterparty(), h.label()))) {
                    violations.add("applied twice: " + b.name() + " applied " + h.counterparty() + "'s label "
                            + h.label() + " twice");
                }
            }
            if (fromHistory != b.balanceCents()) {
                violations.add("books disagree: " + b.name() + "'s balance is " + b.balanceCents()
                        + " cents but its opening and history add up to " + fromHistory);
            }
        }
        return violations;
    }

    /**
     * What must also hold once the network is quiet and every process is up: no loss (every
     * transfer recorded as sent, lost-transfers excepted, is recorded as received) and money
     * (Σ balances = Σ openings + deposits − withdrawals − lost transfers).
     */
    public static List<String> quiet(Collection<Books> cohort) {
        List<String> violations = new ArrayList<>();
        Map<String, List<HistoryEntry>> live = new LinkedHashMap<>();
        cohort.forEach(b -> live.put(b.name(), b.history()));
        Map<String, Set<String>> receivedBy = index(live, HistoryEntry.Kind.RECEIVED);
        long expected = 0;
        long actual = 0;
        for (Books b : cohort) {
            expected += b.openingCents();
            actual += b.balanceCents();
            for (HistoryEntry h : b.history()) {
                switch (h.kind()) {
                    case DEPOSIT -> expected += h.amount().cents();
                    case WITHDRAWAL, LOST -> expected -= h.amount().cents();
                    case SENT -> {
                        Set<String> receiver = receivedBy.get(h.counterparty());
                        if (receiver == null || !receiver.contains(key(b.name(), h.label()))) {
                            violations.add("lost: " + b.name() + "'s label " + h.label() + " to " + h.counterparty()
                                    + " (" + h.amount() + ") was never received");
                        }
                    }
                    case RECEIVED -> { }
                }
            }
        }
        if (expected != actual) {
            violations.add("money: balances add up to " + actual + " cents, but openings, deposits, withdrawals"
                    + " and lost transfers say " + expected);
        }
        return violations;
    }

    private static void orphans(Map<String, List<HistoryEntry>> states, String where, List<String> violations) {
        Map<String, Set<String>> sentBy = index(states, HistoryEntry.Kind.SENT);
        states.forEach((receiver, history) -> {
            for (HistoryEntry h : history) {
                if (h.kind() != HistoryEntry.Kind.RECEIVED) {
                    continue;
                }
                Set<String> sender = sentBy.get(h.counterparty());
                if (sender == null || !sender.contains(key(receiver, h.label()))) {
                    violations.add("orphan in " + where + ": " + receiver + " holds " + h.counterparty()
                            + "'s label " + h.label() + " which its sender does not record as sent");
                }
            }
        });
    }

    /**
     * For each customer, the {@link #key}s of its entries of one kind. Indexed once, so a check
     * stays linear in the histories: the simulator runs one after every event.
     */
    private static Map<String, Set<String>> index(Map<String, List<HistoryEntry>> states, HistoryEntry.Kind kind) {
        Map<String, Set<String>> index = new HashMap<>();
        states.forEach((owner, history) -> {
            Set<String> keys = new HashSet<>();
            for (HistoryEntry h : history) {
                if (h.kind() == kind) {
                    keys.add(key(h.counterparty(), h.label()));
                }
            }
            index.put(owner, keys);
        });
        return index;
    }

    /** One transfer as seen from one side: the other side's name and the label. */
    private static String key(String counterparty, long label) {
        return counterparty + "#" + label;
    }
}
