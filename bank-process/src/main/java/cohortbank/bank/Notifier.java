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

    void request(Endpoint to, BankNotice notice, java.util.function.Consumer<Reply> onReply, Runnable onNoAnswer);
}
