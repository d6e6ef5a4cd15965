package cohortbank.common.net;

import cohortbank.common.time.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The real {@link Transport}: one bound {@link DatagramChannel}, read by the owner's
 * {@link EventLoop} itself, so that a datagram wakes the loop thread directly with no reader
 * thread to hand it over. Sends go out on the calling thread, the owner's loop.
 *
 * <p>Datagrams larger than {@link #MAX_DATAGRAM_BYTES} are truncated by the socket; the reader
 * detects that and passes the text on with a marker so the parser rejects it as too long
 * instead of acting on a fragment. Text that is not UTF-8 is replaced so that it, too, is
 * rejected by the parser with a clear reason.
 */
public final class UdpTransport implements Transport {

    /** Something to tell about datagrams; the process log, or nothing. */
    public interface Listener {
        void sent(Endpoint to, String text);

        void received(Endpoint from, String text);

        void failed(String what, Exception cause);

        Listener NONE = new Listener() {
            @Override
            public void sent(Endpoint to, String text) { }

            @Override
            public void received(Endpoint from, String text) { }

            @Override
            public void failed(String what, Exception cause) { }
        };
    }

    /** Datagrams read per readiness before the loop turns to its other work. */
    private static final int READS_PER_TURN = 64;

    private final DatagramChannel channel;
    private final Endpoint local;
    /** The loop that reads the channel and runs the receiver. */
    private final EventLoop loop;
    private final Listener listener;
    /** One buffer for every receive; one byte more than the limit lets an oversize datagram be recognised. */
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM_BYTES + 1);
    private boolean started;

    private UdpTransport(DatagramChannel channel, Endpoint local, EventLoop loop, Listener listener) {
        this.channel = channel;
        this.local = local;
        this.loop = loop;
        this.listener = listener;
    }

    /**
     * Binds {@code local}; received datagrams will be read and delivered by {@code loop}'s own
     * thread, the fewest hand-offs between arrival and handling.
     *
     * @throws IOException naming the endpoint when the port is taken or the address is not local
     */
    public static UdpTransport bind(Endpoint local, EventLoop loop, Listener listener) throws IOException {
        return new UdpTransport(open(local), local, loop, listener);
    }

    private static DatagramChannel open(Endpoint local) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(local.host(), local.port()));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on UDP " + local + ": " + e.getMessage(), e);
        }
        return channel;
    }

    @Override
    public Endpoint local() {
        return local;
    }

    @Override
    public synchronized void start(Consumer<Datagram> receiver) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        loop.whenReadable(channel, () -> readReady(receiver));
    }

    /** On the loop: takes what has arrived, up to a fair share, and hands each datagram over at once. */
    private void readReady(Consumer<Datagram> receiver) {
        for (int i = 0; i < READS_PER_TURN && channel.isOpen(); i++) {
            try {
                if (!receiveOne(receiver)) {
                    return;
                }
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                listener.failed("receive on " + local, e);
                return;
            }
        }
    }

    /**
     * Receives one datagram and hands it to {@code deliver} unless its sender is unusable;
     * false when none was waiting.
     */
    private boolean receiveOne(Consumer<Datagram> deliver) throws IOException {
        buffer.clear();
        SocketAddress sender = channel.receive(buffer);
        if (sender == null) {
            return false;
        }
        buffer.flip();
        if (!(sender instanceof InetSocketAddress address)) {
            return true;
        }
        Endpoint from;
        try {
            from = Endpoint.of(address);
        } catch (IllegalArgumentException notUsable) {
            return true; // for example a privileged source port: no valid reply address
        }
        String text = decode(buffer);
        listener.received(from, text);
        deliver.accept(new Datagram(from, text));
        return true;
    }

    private static String decode(ByteBuffer buffer) {
        if (buffer.remaining() > MAX_DATAGRAM_BYTES) {
            // Keep the length visible to the parser, which rejects it as too long.
            return "x".repeat(MAX_DATAGRAM_BYTES + 1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer).toString();
        } catch (CharacterCodingException e) {
            return "\uFFFD";
        }
    }

    @Override
    public void send(Endpoint to, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_DATAGRAM_BYTES) {
            listener.failed("send to " + to, new IOException("datagram of " + bytes.length + " bytes not sent"));
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(bytes), to.toSocketAddress());
            listener.sent(to, text);
        } catch (IOException e) {
            listener.failed("send to " + to, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            listener.failed("close " + local, e);
        }
        loop.release(channel); // the port is free once this returns
    }
}
