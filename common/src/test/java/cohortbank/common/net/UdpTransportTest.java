package cohortbank.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.testing.FreePorts;
import cohortbank.common.time.EventLoop;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real transport on loopback UDP; every wait is bounded. */
class UdpTransportTest {

    private static final long WAIT_SECONDS = 5;

    private final List<Throwable> loopErrors = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private EventLoop loop;
    private UdpTransport receiver;
    private final BlockingQueue<Datagram> received = new LinkedBlockingQueue<>();
    private final List<Boolean> onLoop = new CopyOnWriteArrayList<>();

    private final UdpTransport.Listener listener = new UdpTransport.Listener() {
        @Override
        public void sent(Endpoint to, String text) { }

        @Override
        public void received(Endpoint from, String text) { }

        @Override
        public void failed(String what, Exception cause) {
            failures.add(what + ": " + cause.getMessage());
        }
    };

    @BeforeEach
    void bindReceiver() throws IOException {
        loop = open(new EventLoop("test-loop", loopErrors::add));
        receiver = open(FreePorts.bind(e -> UdpTransport.bind(e, loop, listener))); // read by the loop itself
        receiver.start(d -> {
            onLoop.add(loop.inLoop());
            received.add(d);
        });
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        assertEquals(List.of(), loopErrors);
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    private Datagram next() throws InterruptedException {
        Datagram datagram = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(datagram, "nothing received within " + WAIT_SECONDS + " s");
        return datagram;
    }

    private DatagramSocket rawSocket() throws SocketException {
        return open(new DatagramSocket(new InetSocketAddress(FreePorts.LOOPBACK, 0)));
    }

    private void sendRaw(byte[] bytes) throws IOException {
        rawSocket().send(new DatagramPacket(bytes, bytes.length, receiver.local().toSocketAddress()));
    }

    @Test
    void aDatagramTravelsRoundTripAndIsHandedOverOnTheEventLoop() throws Exception {
        UdpTransport sender = open(FreePorts.bind(e -> UdpTransport.bind(e, loop, listener)));
        BlockingQueue<Datagram> replies = new LinkedBlockingQueue<>();
        sender.start(replies::add);

        sender.send(receiver.local(), "@id=t-1 ping héllo");
        Datagram request = next();
        assertEquals(sender.local(), request.from());
        assertEquals("@id=t-1 ping héllo", request.text());
        assertEquals(List.of(true), onLoop);

        receiver.send(request.from(), "@re=t-1 SUCCESS pong");
        Datagram reply = replies.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(reply, "no reply within " + WAIT_SECONDS + " s");
        assertEquals(receiver.local(), reply.from());
        assertEquals("@re=t-1 SUCCESS pong", reply.text());
        assertEquals(List.of(), failures);
    }

    @Test
    void aBurstLargerThanOneTurnsReadsArrivesWholeAndInOrderOnTheLoop() throws Exception {
        UdpTransport sender = open(FreePorts.bind(e -> UdpTransport.bind(e, loop, listener)));
        sender.start(d -> { });
        int count = 100; // more than one turn reads, well within the socket buffer while the loop is busy sending
        loop.call(() -> {
            for (int i = 0; i < count; i++) {
                sender.send(receiver.local(), "n" + i);
            }
            return null;
        }, 5_000);
        for (int i = 0; i < count; i++) {
            assertEquals("n" + i, next().text());
        }
        assertEquals(List.of(true), List.copyOf(new java.util.HashSet<>(onLoop)));
    }

    @Test
    void aHandlerMayCloseItsOwnTransportAndTheLoopCarriesOn() throws Exception {
        // What a fail-stop does when a durable write fails while a datagram is being handled.
        UdpTransport closing = open(FreePorts.bind(e -> UdpTransport.bind(e, loop, listener)));
        closing.start(d -> {
            closing.close();
            received.add(d);
        });
        rawSocket().send(new DatagramPacket(new byte[] {'b', 'y', 'e'}, 3, closing.local().toSocketAddress()));
        assertEquals("bye", next().text());
        assertEquals("alive", loop.call(() -> "alive", 5_000));
        assertEquals(List.of(), loopErrors);
        UdpTransport again = open(UdpTransport.bind(closing.local(), loop, listener)); // its port is free
        again.close();
    }

    @Test
    void aClosedTransportFreesItsPortAtOnceAndAnotherCanBindIt() throws Exception {
        Endpoint port = receiver.local();
        receiver.close();
        UdpTransport again = open(UdpTransport.bind(port, loop, listener));
        again.start(received::add);
        rawSocket().send(new DatagramPacket(new byte[] {'h', 'i'}, 2, port.toSocketAddress()));
        assertEquals("hi", next().text());
    }

    @Test
    void anOversizeDatagramArrivesAsTextTheParserRejectsAsTooLong() throws Exception {
        sendRaw("x".repeat(Transport.MAX_DATAGRAM_BYTES + 100).getBytes());

        String text = next().text();
        String reason = assertThrows(MalformedMessageException.class, () -> Envelope.parse(text)).getMessage();
        assertTrue(reason.contains("too long"), reason);
    }

    @Test
    void aDatagramOfExactlyTheLimitArrivesWhole() throws Exception {
        String text = "x".repeat(Transport.MAX_DATAGRAM_BYTES);
        sendRaw(text.getBytes());
        assertEquals(text, next().text());
    }

    @Test
    void bytesThatAreNotUtf8AreRejectedByTheParser() throws Exception {
        sendRaw(new byte[] {'p', 'i', 'n', 'g', ' ', (byte) 0xC3, (byte) 0x28});

        String text = next().text();
        String reason = assertThrows(MalformedMessageException.class, () -> Envelope.parse(text)).getMessage();
        assertTrue(reason.contains("not valid UTF-8"), reason);
    }

    @Test
    void sendingMoreThanTheLimitIsRefusedAndReportedNotThrown() throws Exception {
        UdpTransport sender = open(FreePorts.bind(e -> UdpTransport.bind(e, loop, listener)));

        sender.send(receiver.local(), "x".repeat(Transport.MAX_DATAGRAM_BYTES + 1));
        sender.send(receiver.local(), "after");

        assertEquals("after", next().text());
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).contains("not sent"), failures.get(0));
    }

    @Test
    void bindingATakenPortFailsNamingTheEndpoint() {
        IOException e = assertThrows(IOException.class, () -> UdpTransport.bind(receiver.local(), loop, listener));
        assertTrue(e.getMessage().contains(receiver.local().toString()), e.getMessage());
    }

    @Test
    void closingIsIdempotentAndASendAfterCloseIsReportedNotThrown() {
        receiver.close();
        receiver.close();
        receiver.send(receiver.local(), "into the void");
        assertEquals(1, failures.size());
    }
}
