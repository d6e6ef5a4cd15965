package cohortbank.customer.account;

import cohortbank.common.money.Money;

/**
 * A transfer this account sent and must keep until the receiver has checkpointed its receipt,
 * so that it can be re-sent if the receiver rolls back to before it (DESIGN §7).
 * {@code prev} is the label of the previous transfer sent to the same receiver (0 if none).
 */
public record SentTransfer(long label, String receiver, Money amount, long prev) {
}
