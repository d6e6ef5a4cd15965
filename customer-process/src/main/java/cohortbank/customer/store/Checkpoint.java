package cohortbank.customer.store;

import cohortbank.customer.account.Account;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved account state. {@code ckptLabel} is the label counter when it was taken: every
 * transfer sent after it has a larger label. {@code parent} is who asked for a tentative
 * checkpoint ("-" for the initiator, and for permanent ones).
 */
public record Checkpoint(String instance, String parent, long ckptLabel, Account account) {

    public List<String> toLines() {
        List<String> lines = new ArrayList<>();
        lines.add("instance " + instance);
        lines.add("parent " + parent);
        lines.add("ckpt-label " + ckptLabel);
        lines.addAll(account.toLines());
        return lines;
    }

    public static Checkpoint fromLines(List<String> lines) {
        if (lines.size() < 3 || !lines.get(0).startsWith("instance ") || !lines.get(1).startsWith("parent ")
                || !lines.get(2).startsWith("ckpt-label ")) {
            throw new IllegalArgumentException("checkpoint header missing");
        }
        return new Checkpoint(lines.get(0).substring(9), lines.get(1).substring(7),
                Long.parseLong(lines.get(2).substring(11)), Account.fromLines(lines.subList(3, lines.size())));
    }
}
