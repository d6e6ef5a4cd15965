package cohortbank.customer;

import static cohortbank.customer.Cluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Endpoint;
import cohortbank.common.testing.FreePorts;
import cohortbank.common.testing.KeyedClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks that used to rob the bank, tried over real UDP against a real bank and real
 * customers by someone who is no member of anything: with a plain socket (forged transfers,
 * instance requests and decisions, acknowledgements, bank requests), with a key of her own (a
 * stolen name), and, when the test runs as root, with raw sockets (a captured datagram
 * replayed, one with a byte altered, and one that spoofs the bank's source address). Each is
 * refused: balances, histories and data.csv are as the real traffic left them, and the real
 * traffic after the attacks is still delivered.
 */
@Timeout(90)
@Tag("slow")
class AttacksOverUdpTest {

    @Test
    void noForgeryReplayOrStolenNameChangesAnything(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir); DatagramSocket mallory = new DatagramSocket(0,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            mallory.setSoTimeout(300);
            Cluster.Customer alice = cluster.customer("alice");
            Cluster.Customer bob = cluster.customer("bob");
            assertTrue(alice.result("open alice 100").startsWith("SUCCESS"));
            assertTrue(bob.result("open bob 100").startsWith("SUCCESS"));
            assertTrue(alice.result("new-cohort alice 2").startsWith("SUCCESS cohort 1"));
            assertTrue(eventually(() -> bob.sawEvent("joined cohort 1")));
            Cluster.Customer erin = cluster.customer("erin");
            assertTrue(erin.result("open erin 100").startsWith("SUCCESS"));
            assertTrue(erin.result("exit erin").startsWith("SUCCESS"), "erin leaves; her name stays hers");
            assertTrue(alice.result("transfer 10 bob").contains("delivered"));
            Endpoint bank = cluster.bankEndpoint();
            Endpoint alice2 = alice.process.port2();
            Endpoint bob2 = bob.process.port2();
            rawAttacks(alice, bob, bank);
            String dataBefore = cluster.dataCsvText();
            List<String> aliceHistory = alice.run("history");
            List<String> bobHistory = bob.run("history");

            // Forged peer messages: a transfer "from bob", guesses of prev, instance requests and
            // decisions, acknowledgements that would make a sender forget a transfer.
            send(mallory, alice2, "transfer bob 1000000 0 500");
            for (int prev = 0; prev < 60; prev++) {
                send(mallory, alice2, "transfer bob " + (prev + 1) + " " + prev + " 250");
            }
            send(mallory, bob2, "@id=m-1 ckpt-request alice alice:99 5 6000");
            send(mallory, bob2, "@id=m-2 ckpt-decision alice alice:99 commit");
            send(mallory, bob2, "@id=m-3 rb-request alice alice:98 0 5 6000");
            send(mallory, bob2, "@id=m-4 rb-decision alice alice:98 commit");
            send(mallory, alice2, "transfer-ack bob 1 1");
            send(mallory, alice2, "ckpt-received bob 1");
            // Forged bank requests, and a bank notice sent to a customer's port1.
            send(mallory, bank, "report-balance alice 999999 99");
            send(mallory, bank, "delete-cohort alice");
            send(mallory, bank, "cohort-of alice");
            send(mallory, bank, "open alice 5 127.0.0.1 9001 9002");
            send(mallory, bank, "exit bob");
            send(mallory, alice.process.port1(), "@id=m-5 cohort-deleted 1");
            List<String> answers = drain(mallory);
            assertTrue(answers.stream().allMatch(a -> a.replaceFirst("^@re=\\S+ ", "").startsWith("FAILURE")),
                    "nothing but refusals: " + answers);
            assertTrue(answers.stream().noneMatch(a -> a.contains(alice2.toString()) || a.contains("100.00")),
                    "no address or balance disclosed: " + answers);
            assertTrue(answers.stream().noneMatch(a -> a.contains("alice") || a.contains("bob") || a.contains("member")),
                    "nothing said of who is a member: " + answers);

            // A name stolen by someone with a key of her own.
            try (KeyedClient thief = new KeyedClient("thief", FreePorts.endpoint(), bank, false)) {
                assertEquals("FAILURE open: needs erin's key; the name belongs to another key",
                        thief.ask("open erin 5 127.0.0.1 9001 9002"));
                assertEquals("FAILURE report-balance: needs alice's key; the name belongs to another key",
                        thief.ask("report-balance alice 999999 100"));
                assertEquals("FAILURE delete-cohort: needs alice's key; the name belongs to another key",
                        thief.ask("delete-cohort alice"));
            }

            assertEquals(dataBefore, cluster.dataCsvText(), "data.csv unchanged");
            assertEquals(aliceHistory, alice.run("history"));
            assertEquals(bobHistory, bob.run("history"));
            assertEquals("SUCCESS balance 90.00", alice.result("balance"));
            assertEquals("SUCCESS balance 110.00", bob.result("balance"));
            assertEquals(1L, (long) alice.process.query(n -> n.cohortId()), "alice is still in her cohort");

            // The real traffic after the attacks is still delivered.
            assertTrue(alice.result("transfer 5 bob").contains("delivered"));
            assertTrue(bob.result("transfer 1 alice").contains("delivered"));
            assertEquals("SUCCESS balance 86.00", alice.result("balance"));
            assertEquals("SUCCESS balance 114.00", bob.result("balance"));
            assertTrue(alice.result("checkpoint").startsWith("SUCCESS"));
            assertTrue(eventually(() -> cluster.dataCsvText().contains("alice,86.00,")), cluster.dataCsvText());
        }
    }

    /**
     * With raw sockets (root only): bob's port2 is watched while alice sends him 1.00; the
     * captured datagram is replayed as from alice, and again with one byte altered; and a
     * {@code cohort-deleted} is sent to alice with the bank's own source address.
     */
    private void rawAttacks(Cluster.Customer alice, Cluster.Customer bob, Endpoint bank) throws Exception {
        Path script = Path.of("src/test/resources/raw-udp.py").toAbsolutePath();
        Process sniffer;
        try {
            sniffer = new ProcessBuilder("python3", script.toString(), "sniff",
                    Integer.toString(bob.process.port2().port()), "1", "20").redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("raw-socket attacks skipped: no python3 (" + e.getMessage() + ")");
            return;
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(sniffer.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        if (!"ready".equals(ready)) {
            sniffer.destroy();
            System.out.println("raw-socket attacks skipped (they need root): " + ready);
            return;
        }
        assertTrue(alice.result("transfer 1 bob").contains("delivered"));
        String captured = out.readLine();
        sniffer.waitFor(5, TimeUnit.SECONDS);
        assertTrue(captured != null && captured.contains(" "), "captured: " + captured);
        byte[] payload = HexFormat.of().parseHex(captured.split(" ")[1]);
        assertTrue(new String(payload, StandardCharsets.UTF_8).startsWith("@mac="));
        int alicePort2 = alice.process.port2().port();
        spoof(script, alicePort2, bob.process.port2().port(), payload);
        byte[] altered = payload.clone();
        altered[altered.length - 2] = (byte) (altered[altered.length - 2] == '9' ? '8' : '9');
        spoof(script, alicePort2, bob.process.port2().port(), altered);
        spoof(script, bank.port(), alice.process.port1().port(),
                "@id=bank-1 cohort-deleted 1".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(500);
        // The one real transfer of 1.00 counts once: 110.00 + 1.00 on bob, 90.00 - 1.00 on alice;
        // the caller's own checks then see these balances as the starting point.
        assertEquals("SUCCESS balance 111.00", bob.result("balance"));
        assertTrue(bob.result("transfer 1 alice").contains("delivered"), "and back, so the caller's figures hold");
        assertEquals("SUCCESS balance 90.00", alice.result("balance"));
        assertEquals(1L, (long) alice.process.query(n -> n.cohortId()), "the spoofed bank was not obeyed");
    }

    private static void spoof(Path script, int from, int to, byte[] payload) throws Exception {
        Process p = new ProcessBuilder("python3", script.toString(), "spoof", Integer.toString(from), Integer.toString(to),
                HexFormat.of().formatHex(payload)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void send(DatagramSocket socket, Endpoint to, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(to.host(), to.port())));
    }

    private static List<String> drain(DatagramSocket socket) throws IOException {
        List<String> answers = new ArrayList<>();
        byte[] buffer = new byte[9000];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException quiet) {
                return answers;
            }
            answers.add(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8));
        }
    }
}
