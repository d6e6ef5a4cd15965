package cohortbank.bank;

import cohortbank.common.net.Endpoint;
import cohortbank.common.wire.Reply;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends the bank's own requests to customers ({@code cohort-formed}, {@code cohort-deleted}).
 *
 * <p>Contract (that of {@link cohortbank.common.rpc.Requester}): the request is retransmitted
 * until answered, and {@code onReply} runs exactly once, on the bank's event loop, with the
 * customer's reply or with a {@code FAILURE ... unreachable ...} when it never answered.
 */
@FunctionalInterface
public interface Notifier {

    void request(Endpoint to, List<String> body, Consumer<Reply> onReply);
}
