package cohortbank.bank;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@link BankMain} in a child JVM with piped stdin, as a launcher script would run it. */
final class BankProcess implements AutoCloseable {

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
    private final List<String> events = new ArrayList<>();

    private BankProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), stdout);
        pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), stderr);
    }

    static BankProcess start(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), BankMain.class.getName()));
        command.addAll(List.of(args));
        return new BankProcess(new ProcessBuilder(command).directory(workDir.toFile()).start());
    }

    private static void pump(BufferedReader reader, BlockingQueue<String> lines) {
        Thread t = new Thread(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // The process ended.
            }
        }, "bank-process-output");
        t.setDaemon(true);
        t.start();
    }

    /** Types one console line. */
    void type(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** The next stdout line, failing after {@code seconds}. */
    String nextLine(int seconds) throws InterruptedException {
        String line = stdout.poll(seconds, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no output within " + seconds + " s; stderr: " + stderr);
        }
        return line;
    }

    /**
     * Stdout lines up to and including the next result line (SUCCESS or FAILURE); {@code EVENT}
     * lines on the way, which may come at any time, are kept apart for {@link #events}.
     */
    List<String> result(int seconds) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = nextLine(seconds);
            if (line.startsWith("EVENT ")) {
                events.add(line);
                continue;
            }
            lines.add(line);
            if (line.startsWith("SUCCESS") || line.startsWith("FAILURE")) {
                return lines;
            }
        }
    }

    /** The {@code EVENT} lines that {@link #result} passed over so far, in order. */
    List<String> events() {
        return List.copyOf(events);
    }

    /** Waits for the process to end by itself; returns its exit code. */
    int exitCode(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("bank did not exit within " + seconds + " s");
        }
        return process.exitValue();
    }

    /** Everything written to stderr so far (complete once the process has ended). */
    List<String> stderrLines() throws InterruptedException {
        Thread.sleep(100); // let the pump drain what the ended process left in the pipe
        return new ArrayList<>(stderr);
    }

    /** SIGKILL: no shutdown hook, no flush, exactly a crash. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
