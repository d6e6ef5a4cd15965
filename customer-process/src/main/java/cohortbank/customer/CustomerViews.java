package cohortbank.customer;

import cohortbank.common.console.Tables;
import cohortbank.common.wire.bank.Member;
import cohortbank.customer.account.Account;
import cohortbank.customer.account.HistoryEntry;
import cohortbank.customer.node.CustomerNode;
import cohortbank.customer.store.Checkpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The console's {@code status} and {@code history} tables, read from a node's views. Must run
 * on the node's event loop, and only once the node has an account.
 */
final class CustomerViews {

    private CustomerViews() {
    }

    /**
     * Who this is, the balance, the cohort, the latest permanent checkpoint and the current
     * activity; then one row per member with its address and the label bookkeeping of
     * DESIGN §4 towards it (0 stands for ⊥).
     */
    static List<String> status(CustomerNode node) {
        Account account = node.accountView();
        List<List<String>> facts = new ArrayList<>();
        facts.add(List.of("customer", node.name()));
        facts.add(List.of("balance", account.balance().toString()));
        facts.add(List.of("bank port1", node.port1().toString()));
        facts.add(List.of("peer port2", node.port2().toString()));
        facts.add(List.of("cohort", node.cohortId() == 0 ? "none" : Long.toString(node.cohortId())));
        facts.add(List.of("label counter", Long.toString(node.lastLabel())));
        node.permanentCheckpoint().ifPresent(c -> addCheckpoint(facts, c));
        facts.add(List.of("activity", node.activity()));
        List<String> lines = new ArrayList<>(Tables.render(List.of("field", "value"), facts));
        List<Member> members = node.members();
        if (!members.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (Member m : members) {
                String peer = m.name();
                rows.add(peer.equals(node.name())
                        ? List.of(peer + " (self)", m.peer().toString(), "", "", "", "")
                        : List.of(peer, m.peer().toString(),
                                Long.toString(account.lastLabelRcvd(peer)),
                                Long.toString(account.firstLabelSent(peer)),
                                Long.toString(account.receivedUpTo(peer)),
                                Long.toString(account.lastSentTo(peer))));
            }
            lines.add("");
            lines.addAll(Tables.render(List.of("member", "address", "last_label_rcvd", "first_label_sent",
                    "received_up_to", "last_sent"), rows));
        }
        lines.add("SUCCESS status of " + node.name() + ": balance " + account.balance() + ", "
                + (node.cohortId() == 0 ? "in no cohort" : "cohort " + node.cohortId()) + ", " + node.activity());
        return lines;
    }

    private static void addCheckpoint(List<List<String>> facts, Checkpoint c) {
        facts.add(List.of("checkpoint", c.instance()));
        facts.add(List.of("ckpt_label", Long.toString(c.ckptLabel())));
        facts.add(List.of("checkpointed balance", c.account().balance().toString()));
    }

    /** Every money movement, oldest first: kind, amount, counterparty and label ("-" for local ones). */
    static List<String> history(CustomerNode node) {
        Account account = node.accountView();
        List<List<String>> rows = new ArrayList<>();
        for (HistoryEntry h : account.history()) {
            rows.add(List.of(h.kind().word(), h.amount().toString(), h.counterparty(),
                    h.label() == 0 ? "-" : Long.toString(h.label())));
        }
        List<String> lines = new ArrayList<>(Tables.render(List.of("kind", "amount", "counterparty", "label"), rows));
        lines.add("SUCCESS " + rows.size() + " history entr" + (rows.size() == 1 ? "y" : "ies")
                + "; balance " + account.balance());
        return lines;
    }
}
