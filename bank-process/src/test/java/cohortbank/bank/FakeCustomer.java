package cohortbank.bank;

import cohortbank.common.net.Endpoint;
import cohortbank.common.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer process reduced to its port1: records every request the bank sends it and, unless
 * silent, acknowledges each with {@code @re=<id> SUCCESS ...} (as a real customer would).
 */
final class FakeCustomer implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("^@id=(\\S+) ");

    final String name;
    final Endpoint port1;
    final int port2;
    private final boolean silent;
    private final DatagramSocket socket;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final Thread thread;

    FakeCustomer(String name, boolean silent) {
        this.name = name;
        this.silent = silent;
        List<Endpoint> ports = FreePorts.endpoints(2);
        try {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", ports.get(0).port()));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        this.port1 = ports.get(0);
        this.port2 = ports.get(1).port();
        thread = new Thread(this::serve, "fake-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    String openCommand(String balance) {
        return "open " + name + " " + balance + " 127.0.0.1 " + port1.port() + " " + port2;
    }

    String peerAddress() {
        return name + "@127.0.0.1:" + port2;
    }

    private void serve() {
        byte[] buffer = new byte[9000];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException closed) {
                return;
            }
            String text = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
            Matcher id = ID.matcher(text);
            received.add(id.find() ? text.substring(id.end()) : text);
            if (!silent && id.find(0)) {
                byte[] reply = ("@re=" + id.group(1) + " SUCCESS " + name + " noted")
                        .getBytes(StandardCharsets.UTF_8);
                try {
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }
    }

    /** The body of the next request from the bank, or null after {@code timeoutMillis}. */
    String next(long timeoutMillis) throws InterruptedException {
        return received.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The next request from the bank that starts with {@code prefix}, skipping others; fails after 5 s. */
    String nextStarting(String prefix) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            String body = next(100);
            if (body != null && body.startsWith(prefix)) {
                return body;
            }
        }
        throw new AssertionError(name + " never got " + prefix);
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
