package cohortbank.bank;

import cohortbank.common.net.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw datagram socket on 127.0.0.1, like a person with {@code nc -u}: sends bytes, reads replies. */
final class UdpClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final Endpoint server;

    UdpClient(Endpoint server) {
        this.server = server;
        try {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where this client receives, so the bank can be told about this link. */
    Endpoint local() {
        return new Endpoint("127.0.0.1", socket.getLocalPort());
    }

    void send(byte[] bytes) {
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, server.toSocketAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next datagram's text, or null when none comes within {@code timeoutMillis}. */
    String receive(int timeoutMillis) {
        byte[] buffer = new byte[9000];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout(timeoutMillis);
            socket.receive(packet);
            return new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code text} and returns the reply's line as a person reads it (without the newline
     * a reply to a person ends in), failing if none comes within five seconds.
     */
    String ask(String text) {
        return ask(text.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #ask(String)}, for any bytes. */
    String ask(byte[] bytes) {
        send(bytes);
        String reply = receive(5_000);
        if (reply == null) {
            throw new AssertionError("no reply to '" + new String(bytes, StandardCharsets.UTF_8) + "' within 5 s");
        }
        return reply.endsWith("\n") ? reply.substring(0, reply.length() - 1) : reply;
    }

    @Override
    public void close() {
        socket.close();
    }
}
