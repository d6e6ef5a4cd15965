package cohortbank.customer.wire;

import cohortbank.common.wire.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A member's vote on a checkpoint or rollback instance, the answer to {@code ckpt-request} and
 * {@code rb-request}: {@code SUCCESS yes <joined...>} (the members of its subtree that took a
 * tentative checkpoint or prepared to roll back, {@code -} for none) or {@code SUCCESS no <reason>}.
 * A no is still a success reply: the voter did answer. {@link #reply} encodes and {@link #of}
 * decodes; docs/PROTOCOL.md gives the bytes.
 */
public sealed interface Vote {

    /** Longest reason a no vote carries: a subtree's nested reasons must still fit one datagram. */
    int MAX_REASON_CHARS = 1500;

    /** The vote as it travels. */
    Reply reply();

    /** Yes: {@code joined} names those of the voter's subtree that took part (possibly nobody). */
    record Yes(List<String> joined) implements Vote {
        public Yes {
            joined = List.copyOf(joined);
        }

        @Override
        public Reply reply() {
            return Reply.success("yes " + (joined.isEmpty() ? "-" : String.join(" ", joined)));
        }
    }

    /** No, for {@code reason}; on the wire a reason longer than {@link #MAX_REASON_CHARS} is cut short. */
    record No(String reason) implements Vote {
        @Override
        public Reply reply() {
            return Reply.success("no " + (reason.length() <= MAX_REASON_CHARS ? reason
                    : reason.substring(0, MAX_REASON_CHARS) + " ..."));
        }
    }

    /** Yes, with nobody of the voter's subtree taking part (it had nothing to do, or did it already). */
    static Vote yes() {
        return new Yes(List.of());
    }

    static Vote no(String reason) {
        return new No(reason);
    }

    /** The vote in {@code reply}, or empty when it is none (a failure, or any other answer). */
    static Optional<Vote> of(Reply reply) {
        if (!reply.success()) {
            return Optional.empty();
        }
        String text = reply.text();
        String word = text.split(" ", 2)[0];
        String rest = text.length() > word.length() ? text.substring(word.length() + 1) : "";
        if (word.equals("yes")) {
            List<String> joined = new ArrayList<>();
            for (String name : rest.split(" ")) {
                if (!name.isEmpty() && !name.equals("-")) {
                    joined.add(name);
                }
            }
            return Optional.of(new Yes(joined));
        }
        if (word.equals("no")) {
            return Optional.of(new No(rest));
        }
        return Optional.empty();
    }
}
