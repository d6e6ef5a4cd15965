package cohortbank.customer.wire;

import cohortbank.common.wire.Reply;
import java.util.Optional;

/**
 * What the initiator of an instance answers to {@code outcome <from> <instance>}, and what a
 * member acknowledges a decision notice with: {@code SUCCESS commit}, {@code SUCCESS abort},
 * {@code SUCCESS pending} (still collecting votes) or {@code SUCCESS unknown} (not an
 * instance of the one asked). {@link #reply} encodes and {@link #of} decodes.
 */
public enum OutcomeAnswer {
    COMMIT, ABORT, PENDING, UNKNOWN;

    /** The word on the wire. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The answer as it travels. */
    public Reply reply() {
        return Reply.success(word());
    }

    /** The answer carrying {@code decision}. */
    public static OutcomeAnswer of(Decision decision) {
        return decision == Decision.COMMIT ? COMMIT : ABORT;
    }

    /** The decision this answer carries; empty for pending and unknown. */
    public Optional<Decision> decision() {
        return switch (this) {
            case COMMIT -> Optional.of(Decision.COMMIT);
            case ABORT -> Optional.of(Decision.ABORT);
            case PENDING, UNKNOWN -> Optional.empty();
        };
    }

    /** The answer in {@code reply}, or empty when it is none (a failure, or any other text). */
    public static Optional<OutcomeAnswer> of(Reply reply) {
        if (!reply.success()) {
            return Optional.empty();
        }
        for (OutcomeAnswer a : values()) {
            if (a.word().equals(reply.text())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
