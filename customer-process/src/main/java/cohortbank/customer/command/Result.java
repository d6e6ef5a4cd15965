package cohortbank.customer.command;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Reply;
import java.util.List;

/**
 * The single result of a {@link CustomerCommand}, with its figures as fields; {@link #text}
 * is how the console prints it after {@code SUCCESS} or {@code FAILURE} ({@link #line}).
 */
public sealed interface Result {

    /** The console's words after {@code SUCCESS} or {@code FAILURE}. */
    String text();

    /** False only for {@link Failed}. */
    default boolean success() {
        return !(this instanceof Failed);
    }

    /** The console line: {@code SUCCESS <text>} or {@code FAILURE <reason>}. */
    default String line() {
        return reply().line();
    }

    /** As a reply, which is what a console line is. */
    default Reply reply() {
        return new Reply(success(), text());
    }

    /** The command changed nothing, for {@code reason} (which starts with what was refused). */
    record Failed(String reason) implements Result {
        @Override
        public String text() {
            return reason;
        }
    }

    /**
     * The bank's result for one of its commands: a failure of the bank is a {@link Failed},
     * a success carries the bank's own words ({@code opened ...}, {@code cohort 2: ...}).
     */
    static Result fromBank(Reply reply) {
        return reply.success() ? new BankAccepted(reply.text()) : new Failed(reply.text());
    }

    /** The bank accepted an {@code open}, {@code new-cohort}, {@code delete-cohort} or {@code exit}, in its words. */
    record BankAccepted(String answer) implements Result {
        @Override
        public String text() {
            return answer;
        }
    }

    /** {@code deposit}: {@code amount} added, leaving {@code balance}. */
    record Deposited(Money amount, Money balance) implements Result {
        @Override
        public String text() {
            return "deposited " + amount + "; balance " + balance;
        }
    }

    /** {@code withdrawal}: {@code amount} taken out, leaving {@code balance}. */
    record Withdrew(Money amount, Money balance) implements Result {
        @Override
        public String text() {
            return "withdrew " + amount + "; balance " + balance;
        }
    }

    /** What became of a transfer when its command answered. */
    enum Delivery {
        /** Acknowledged by the receiver. */
        DELIVERED,
        /** Not acknowledged yet: still owed, and re-sent until the receiver takes it. */
        PENDING,
        /** A {@code lost-transfer}: debited and recorded as sent, never sent. */
        NEVER_SENT
    }

    /**
     * {@code transfer} or {@code lost-transfer}: {@code amount} to {@code receiver} under
     * {@code label}, leaving {@code balance}; {@code pendingNote} says why a pending one waits
     * (empty otherwise).
     */
    record Sent(Money amount, String receiver, long label, Delivery delivery, String pendingNote, Money balance)
            implements Result {
        @Override
        public String text() {
            String what = switch (delivery) {
                case DELIVERED -> "delivered";
                case PENDING -> pendingNote;
                case NEVER_SENT -> "recorded as sent, never delivered";
            };
            return (delivery == Delivery.NEVER_SENT ? "lost-transfer " : "transfer ") + amount + " to " + receiver
                    + " (label " + label + "): " + what + "; balance " + balance;
        }
    }

    /**
     * A {@code checkpoint} or {@code rollback} instance this node started committed:
     * {@code participants} took a checkpoint, or rolled back (possibly nobody).
     */
    record Committed(boolean rollback, String instance, List<String> participants) implements Result {
        public Committed {
            participants = List.copyOf(participants);
        }

        @Override
        public String text() {
            return (rollback ? "rollback " : "checkpoint ") + instance + ": "
                    + (participants.isEmpty() ? "nobody" : String.join(", ", participants))
                    + (rollback && participants.isEmpty() ? " needed to roll back" : "");
        }
    }
}
