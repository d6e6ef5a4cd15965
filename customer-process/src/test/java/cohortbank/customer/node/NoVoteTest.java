package cohortbank.customer.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Transport;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.Reply;
import cohortbank.customer.wire.Vote;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A no vote carries the nested reasons of its whole subtree; however many members refused,
 * it still fits one datagram, or the parent would hear nothing and wait out its budget.
 */
class NoVoteTest {

    @Test
    void aNoVoteWithAHugeReasonStillFitsOneDatagram() {
        String reasons = "c7 refused (c7 keeps its turn for the older instance of c5@10); ".repeat(500);

        Reply vote = Vote.no(reasons).reply();

        String datagram = Envelope.of(java.util.List.of(vote.line().split(" "))).withHeader(Envelope.REQUEST_ID, "k1-1").encode();
        assertTrue(datagram.getBytes(StandardCharsets.UTF_8).length < Transport.MAX_DATAGRAM_BYTES, datagram.length() + " bytes");
        assertTrue(vote.text().startsWith("no c7 refused"), vote.text());
    }
}
