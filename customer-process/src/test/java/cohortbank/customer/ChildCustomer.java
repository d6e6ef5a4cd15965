package cohortbank.customer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link CustomerMain} in a child JVM with this test's class path, stdin piped: lines are sent
 * with {@link #send}, and stdout is read on a thread so a test can wait, with a deadline, for
 * the next result line. stderr goes to a file. {@link #close} destroys the process if it is
 * still running.
 */
final class ChildCustomer implements AutoCloseable {

    static final long DEADLINE_MILLIS = 15_000;

    private static final String END = "\u0000end of output";

    private final Process process;
    private final PrintWriter stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Path stderr;

    ChildCustomer(Path workDir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), CustomerMain.class.getName()));
        command.addAll(args);
        stderr = Files.createTempFile(workDir, "customer-", ".err");
        process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(stderr.toFile()).start();
        stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    stdout.add(line);
                }
            } catch (IOException e) {
                // The process is gone; END below tells the test.
            }
            stdout.add(END);
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    void send(String line) {
        stdin.println(line);
    }

    /** Sends a signal such as {@code INT} (what Ctrl-C sends) to the child, with the system's {@code kill}. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Ends stdin, which the customer treats as quit. */
    void endInput() {
        stdin.close();
    }

    /** The next line starting with {@code prefix}, skipping others; fails at the deadline. */
    String next(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? stdout.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null || line.equals(END)) {
                if (line != null) {
                    stdout.add(END);
                }
                throw new AssertionError("no line starting with '" + prefix + "' "
                        + (line == null ? "within " + DEADLINE_MILLIS + " ms" : "before the output ended")
                        + "; seen " + seen + "; stderr: " + stderrText());
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** The next SUCCESS or FAILURE line: the result of the command sent before. */
    String result() throws InterruptedException {
        String line = next("");
        while (!line.startsWith("SUCCESS") && !line.startsWith("FAILURE")) {
            line = next("");
        }
        return line;
    }

    /** Sends {@code line} and returns its result line. */
    String run(String line) throws InterruptedException {
        send(line);
        return result();
    }

    /** Waits for the process to end and returns its exit code; fails at the deadline. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the customer did not exit within " + DEADLINE_MILLIS + " ms");
        }
        return process.exitValue();
    }

    String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stdin.close();
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
