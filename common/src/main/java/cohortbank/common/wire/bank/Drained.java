package cohortbank.common.wire.bank;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import java.util.Arrays;
import java.util.List;

/**
 * A member's SUCCESS answer to {@code cohort-freeze}: it is frozen and drained, and
 * {@code balance} is the balance it will leave the cohort with if the deletion goes on
 * (nothing in flight, nothing new can start). The bank records the last round's figures in
 * the change that removes the cohort (DESIGN §2). {@code seq} is a report number the member
 * took when it answered, greater than that of any balance report it sent before, so that
 * none of those, arriving late, overwrites the figure the deletion recorded.
 *
 * <p>On the wire: {@code SUCCESS drained <name> <balance> <seq>}. {@link #parse} is the single
 * decoder; a FAILURE answer is not a {@code Drained} (the member did not drain).
 */
public record Drained(String name, Money balance, long seq) {

    public static final String WORD = "drained";
    public static final String USAGE = "drained <name> <balance> <seq>";

    /** The answer as the member sends it. */
    public Reply reply() {
        return Reply.success(WORD + " " + name + " " + balance + " " + seq);
    }

    /**
     * Decodes a SUCCESS answer to a freeze; anything else (a FAILURE, another text, a bad name,
     * balance or number) is a {@link MalformedMessageException} naming what is wrong.
     */
    public static Drained parse(Reply reply) throws MalformedMessageException {
        if (!reply.success()) {
            throw new MalformedMessageException("not drained: " + reply.line());
        }
        List<String> words = reply.text().isEmpty() ? List.of() : Arrays.asList(reply.text().split(" "));
        if (words.isEmpty() || !words.get(0).equals(WORD)) {
            throw new MalformedMessageException("expected '" + USAGE + "', got '" + reply.text() + "'");
        }
        Args a = Args.exactly(WORD, words.subList(1, words.size()), USAGE);
        String name = a.name("name");
        Money balance = a.balance("balance");
        return new Drained(name, balance, a.number("seq", 1, Long.MAX_VALUE));
    }
}
