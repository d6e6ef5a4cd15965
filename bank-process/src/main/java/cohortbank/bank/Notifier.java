package cohortbank.bank;

import cohortbank.common.net.Endpoint;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankNotice;

/**
 * Sends the bank's own requests to customers ({@code cohort-formed}, {@code cohort-confirmed},
 * {@code cohort-freeze}, {@code cohort-thaw}, {@code cohort-deleted}).
 *
 * <p>Contract (that of {@link cohortbank.common.rpc.Requester}): the request is retransmitted
 * until answered; then exactly one of the two callbacks runs, on the bank's event loop:
 * {@code onReply} with the customer's reply, or {@code onNoAnswer} when it never answered.
 */
public interface Notifier {

    /** No bound: retransmitted as the bank's notices are ({@link BankConfig#notifyRetry}), however long that takes. */
    long UNBOUNDED = Long.MAX_VALUE;

    /**
     * Sends {@code notice} to {@code to}, retransmitted as {@link BankConfig#notifyRetry} says but
     * given up within {@code withinMillis} (or {@link #UNBOUNDED}), so that a step of a cohort
     * operation never outlives the operation's budget ({@link BankConfig#cohortOperationBudgetMillis}).
     */
    void request(Endpoint to, BankNotice notice, long withinMillis, java.util.function.Consumer<Reply> onReply,
            Runnable onNoAnswer);
}
