package cohortbank.customer.node;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.ForwardingTransport;
import cohortbank.common.net.Transport;
import cohortbank.common.wire.Envelope;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Stamps every datagram a customer sends to a member of its cohort with the id of that cohort
 * ({@code @co=N}), so that a receiver can tell a message of its cohort from one of an
 * earlier cohort of the same members (DESIGN §3).
 *
 * <p>Why: labels, channels and instances belong to one cohort; leaving a cohort forgets them.
 * A datagram of the old cohort can still arrive after both ends joined the next one (a re-send
 * by the authentication layer that kept it, a slow retransmission), and under the same keys it
 * authenticates. Without the stamp, transfer label 1 of cohort 1 reads as label 1 of cohort 2
 * and is applied twice. Cohort ids are never reused, so the stamp is unambiguous.
 *
 * <p>Contract: {@link #send} adds the header to a datagram for a member before it is sealed
 * (this layer sits above authentication, so the stamp is covered by the MAC); a reply to
 * anyone else (a person typing into {@code nc}) goes out as it is. {@link #cohortOf} reads
 * the stamp back.
 */
final class CohortStamp extends ForwardingTransport {

    /** The header that names the sender's cohort. */
    static final String HEADER = "co";

    private final LongSupplier cohortId;
    private final Predicate<Endpoint> isMember;

    CohortStamp(Transport inner, LongSupplier cohortId, Predicate<Endpoint> isMember) {
        super(inner);
        this.cohortId = cohortId;
        this.isMember = isMember;
    }

    @Override
    public void send(Endpoint to, String text) {
        inner.send(to, isMember.test(to) ? "@" + HEADER + "=" + cohortId.getAsLong() + " " + text : text);
    }

    /** The cohort a received envelope was sent in, or -1 when it carries no valid stamp. */
    static long cohortOf(Envelope e) {
        String v = e.header(HEADER);
        if (v == null || v.isEmpty() || v.length() > 18 || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return -1;
        }
        return Long.parseLong(v);
    }
}
