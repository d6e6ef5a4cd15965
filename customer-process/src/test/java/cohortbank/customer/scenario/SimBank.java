package cohortbank.customer.scenario;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.common.rpc.Requester;
import cohortbank.common.rpc.Responder;
import cohortbank.common.rpc.RetryPolicy;
import cohortbank.common.sim.SimulatedScheduler;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal bank for protocol scenarios: accepts {@code open} and balance reports, and forms
 * a cohort on request by telling every member. The real bank's rules are tested in its module.
 */
final class SimBank {

    final Map<String, String> reportedBalance = new HashMap<>();
    private final Transport transport;
    private final Requester requester;
    private final Responder responder;

    SimBank(Transport transport, SimulatedScheduler scheduler) {
        this.transport = transport;
        this.requester = new Requester(transport, scheduler, RetryPolicy.DEFAULT, "bank");
        this.responder = new Responder(transport, 4096);
        transport.start(d -> {
            Envelope e;
            try {
                e = Envelope.parse(d.text());
            } catch (MalformedMessageException bad) {
                return;
            }
            if (requester.onReply(e) || Reply.isReply(e)) {
                return;
            }
            responder.onRequest(d.from(), e, (from, request, answer) -> {
                if (request.verb().equals("report-balance")) {
                    reportedBalance.put(request.args().get(0), request.args().get(1));
                }
                answer.accept(Reply.success(request.verb() + " ok"));
            });
        });
    }

    Endpoint endpoint() {
        return transport.local();
    }

    /** Tells each member (name → port1) the cohort's membership (name@port2 tokens). */
    void formCohort(long id, Map<String, Endpoint> port1s, List<String> memberTokens, List<Reply> replies) {
        List<String> body = new ArrayList<>(List.of("cohort-formed", Long.toString(id)));
        body.addAll(memberTokens);
        port1s.values().forEach(p1 -> requester.request(p1, body, replies::add));
    }
}
