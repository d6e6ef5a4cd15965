package cohortbank.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Endpoint;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile datagrams on a customer's ports, from a raw socket: garbage, unknown verbs, a
 * transfer from someone outside the cohort, bad UTF-8 and oversize datagrams are each answered
 * with one {@code FAILURE} to the sender, change nothing, and the customer keeps working.
 */
@Timeout(60)
class PeerDatagramBadInputTest {

    @TempDir
    Path dir;

    private Cluster cluster;
    private Cluster.Customer alice;
    private Cluster.Customer bob;
    private DatagramSocket attacker;

    @BeforeEach
    void twoCustomersInACohort() throws IOException {
        cluster = new Cluster(dir);
        alice = cluster.customer("alice");
        bob = cluster.customer("bob");
        assertTrue(alice.result("open alice 100").startsWith("SUCCESS"));
        assertTrue(bob.result("open bob 100").startsWith("SUCCESS"));
        assertTrue(alice.result("new-cohort alice 2").startsWith("SUCCESS"));
        assertTrue(Cluster.eventually(() -> bob.sawEvent("confirmed by the bank")));
        attacker = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        attacker.setSoTimeout(3000);
    }

    @AfterEach
    void closeEverything() {
        if (attacker != null) {
            attacker.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String ask(Endpoint to, byte[] payload) throws IOException {
        attacker.send(new DatagramPacket(payload, payload.length, to.toSocketAddress()));
        byte[] buffer = new byte[9000];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        attacker.receive(reply);
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
    }

    private String ask(Endpoint to, String text) throws IOException {
        return ask(to, text.getBytes(StandardCharsets.UTF_8));
    }

    private void assertFailure(String fragment, String reply) {
        assertTrue(reply.startsWith("FAILURE") && reply.contains(fragment),
                "expected a FAILURE naming '" + fragment + "', got '" + reply + "'");
    }

    @Test
    void garbageAndUnknownVerbsOnThePeerPortAreRefused() throws IOException {
        Endpoint peer = alice.process.port2();
        assertFailure("unknown message '!!!'", ask(peer, "!!! ###"));
        assertFailure("unknown message 'hello'", ask(peer, "hello alice"));
        assertFailure("control character", ask(peer, "transfer\u0007bob 1 0 5"));
        assertFailure("not valid UTF-8", ask(peer, new byte[] {'t', (byte) 0xC3, (byte) 0x28}));
        assertFailure("bad header", ask(peer, "@ID=1 transfer bob 1 0 5"));
        assertFailure("transfer: expected 4 arguments", ask(peer, "transfer bob 1"));
        assertFailure("bad amount", ask(peer, "transfer bob 1 0 -5"));
        // The bank's notices are no peer message: on the peer port they are not even read.
        assertFailure("unknown message 'cohort-formed'", ask(peer, "cohort-formed 9 mallory@127.0.0.1:2000 alice@127.0.0.1:2001"));
        assertStillWorking();
    }

    @Test
    void transfersFromOutsideTheCohortAreRefusedAndNotApplied() throws IOException {
        Endpoint peer = alice.process.port2();
        // A bare transfer is refused without a word about who is a member; nothing is applied.
        assertFailure("'transfer' needs the sender's key", ask(peer, "transfer mallory 1 0 50.00"));
        assertFailure("'transfer' needs the sender's key", ask(peer, "transfer alice 1 0 50.00"));
        assertFailure("'rb-request' needs the sender's key", ask(peer, "rb-request mallory mallory:1 1 0 0 1000"));
        assertEquals("@re=x1 FAILURE 'rb-request' needs the sender's key",
                ask(peer, "@id=x1 rb-request mallory mallory:1 1 0 0 1000"), "a request with an id gets its answer tagged");
        assertEquals("SUCCESS balance 100.00", alice.result("balance"));
        assertStillWorking();
    }

    @Test
    void aPersonsRepliesOnBothPortsEndWithANewline() throws IOException {
        // Typed into nc -u: the newline keeps the reply off the next typed line.
        assertEquals("FAILURE 'transfer' needs the sender's key\n", ask(alice.process.port2(), "transfer mallory 1 0 50.00\n"));
        assertEquals("FAILURE control character 0x7 in message\n", ask(alice.process.port2(), "hello\u0007\n"));
        assertTrue(ask(alice.process.port1(), "gimme money\n").matches("FAILURE 'gimme' accepted only from the bank[^\n]*\n"));
        assertStillWorking();
    }

    @Test
    void oversizeDatagramsAreRefusedAsTooLong() throws IOException {
        byte[] huge = ("transfer bob 1 0 5 " + "x".repeat(9000)).getBytes(StandardCharsets.UTF_8);
        assertFailure("message too long", ask(alice.process.port2(), huge));
        assertFailure("message too long", ask(alice.process.port1(), huge));
        assertStillWorking();
    }

    @Test
    void theBankPortRefusesPeerMessagesAndStrangers() throws IOException {
        Endpoint bankSide = alice.process.port1();
        assertFailure("'transfer' accepted only from the bank", ask(bankSide, "transfer bob 1 0 5"));
        assertFailure("'gimme' accepted only from the bank", ask(bankSide, "gimme money"));
        assertFailure("'cohort-formed' accepted only from the bank",
                ask(bankSide, "cohort-formed 9 mallory@127.0.0.1:2000 alice@127.0.0.1:2001"));
        assertFailure("'cohort-deleted' accepted only from the bank", ask(bankSide, "cohort-deleted 1"));
        assertEquals(1L, (long) alice.process.query(n -> n.cohortId()), "still in its cohort");
        assertStillWorking();
    }

    /** A real transfer still goes through both ways and the balances add up. */
    private void assertStillWorking() {
        assertTrue(alice.result("transfer 10 bob").contains("delivered"));
        assertTrue(bob.result("transfer 4 alice").contains("delivered"));
        assertEquals("SUCCESS balance 94.00", alice.result("balance"));
        assertEquals("SUCCESS balance 106.00", bob.result("balance"));
    }
}
