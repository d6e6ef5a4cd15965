package cohortbank.common.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The real {@link Transport}: one bound {@link DatagramChannel} and a reader thread that hands
 * each datagram to the owner's event loop.
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

    private final DatagramChannel channel;
    private final Endpoint local;
    private final Executor loop;
    private final Listener listener;
    private Thread reader;

    private UdpTransport(DatagramChannel channel, Endpoint local, Executor loop, Listener listener) {
        this.channel = channel;
        this.local = local;
        this.loop = loop;
        this.listener = listener;
    }

    /**
     * Binds {@code local}; received datagrams will be delivered through {@code loop}.
     *
     * @throws IOException naming the endpoint when the port is taken or the address is not local
     */
    public static UdpTransport bind(Endpoint local, Executor loop, Listener listener) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(local.host(), local.port()));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on UDP " + local + ": " + e.getMessage(), e);
        }
        return new UdpTransport(channel, local, loop, listener);
    }

    @Override
    public Endpoint local() {
        return local;
    }

    @Override
    public synchronized void start(Consumer<Datagram> receiver) {
        if (reader != null) {
            throw new IllegalStateException("already started");
        }
        reader = new Thread(() -> readLoop(receiver), "udp-" + local.port());
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(Consumer<Datagram> receiver) {
        // One byte more than the limit lets an oversize datagram be recognised as such.
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM_BYTES + 1);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress sender = channel.receive(buffer);
                buffer.flip();
                if (!(sender instanceof InetSocketAddress address)) {
                    continue;
                }
                Endpoint from;
                try {
                    from = Endpoint.of(address);
                } catch (IllegalArgumentException notUsable) {
                    continue; // for example a privileged source port: no valid reply address
                }
                String text = decode(buffer);
                listener.received(from, text);
                loop.execute(() -> receiver.accept(new Datagram(from, text)));
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                listener.failed("receive on " + local, e);
            }
        }
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
    }
}
