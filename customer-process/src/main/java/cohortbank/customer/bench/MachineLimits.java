package cohortbank.customer.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What this machine can do at best, measured in the same run as the figures it bounds: the
 * round trip of a small UDP datagram on loopback between two sockets, and one durable write
 * (write and fsync of a small file) in the run's directory.
 */
final class MachineLimits {

    private MachineLimits() {
    }

    /** Median of {@code rounds} loopback round trips of a 64-byte datagram, in microseconds. */
    static double udpRoundTripMicros(int rounds) throws IOException, InterruptedException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress(loopback, 0));
                DatagramSocket ping = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            echo.setSoTimeout(5_000);
            ping.setSoTimeout(5_000);
            Thread echoer = new Thread(() -> {
                byte[] buffer = new byte[256];
                DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                try {
                    for (int i = 0; i < rounds + rounds / 4; i++) {
                        in.setLength(buffer.length);
                        echo.receive(in);
                        echo.send(new DatagramPacket(buffer, in.getLength(), in.getSocketAddress()));
                    }
                } catch (IOException e) {
                    // The pinger times out and reports it.
                }
            }, "udp-echo");
            echoer.setDaemon(true);
            echoer.start();
            byte[] payload = new byte[64];
            byte[] back = new byte[256];
            DatagramPacket reply = new DatagramPacket(back, back.length);
            long[] micros = new long[rounds];
            for (int i = 0; i < rounds + rounds / 4; i++) { // the first quarter warms up the JIT
                long start = System.nanoTime();
                ping.send(new DatagramPacket(payload, payload.length, echo.getLocalSocketAddress()));
                reply.setLength(back.length);
                ping.receive(reply);
                if (i >= rounds / 4) {
                    micros[i - rounds / 4] = (System.nanoTime() - start) / 1_000;
                }
            }
            echoer.join(1_000);
            return median(micros);
        }
    }

    /** Median of {@code rounds} writes of 64 bytes each followed by fsync, in microseconds. */
    static double durableWriteMicros(Path dir, int rounds) throws IOException {
        Path file = dir.resolve("fsync-probe");
        long[] micros = new long[rounds];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                channel.write(ByteBuffer.wrap(new byte[64]), 0);
                channel.force(true);
                micros[i] = (System.nanoTime() - start) / 1_000;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return median(micros);
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
