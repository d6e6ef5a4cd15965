package cohortbank.customer.account;

import cohortbank.common.money.Money;

/** One money movement on an account; {@code counterparty} and {@code label} are "-"/0 for local ones. */
public record HistoryEntry(Kind kind, Money amount, String counterparty, long label) {

    /** What moved the money. */
    public enum Kind {
        DEPOSIT, WITHDRAWAL, SENT, LOST, RECEIVED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Signed effect on the balance. */
    public long deltaCents() {
        return switch (kind) {
            case DEPOSIT, RECEIVED -> amount.cents();
            case WITHDRAWAL, SENT, LOST -> -amount.cents();
        };
    }
}
