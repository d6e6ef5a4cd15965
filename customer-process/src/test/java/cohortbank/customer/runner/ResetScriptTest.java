package cohortbank.customer.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/reset} on a copy of a used checkout: it says what it removes, removes exactly
 * the runs, state, logs and traces, restores {@code data.csv}'s header, and leaves the rest.
 */
@Timeout(60)
class ResetScriptTest {

    private static final Path RESET = Path.of("..", "scripts", "reset");
    private static final String HEADER = "name,balance,ip_address,port1,port2,cohort,exit_state";

    @Test
    void aDryRunSaysWhatWouldGoAndTheRealRunRemovesItAndRestoresTheHeader(@TempDir Path checkout) throws Exception {
        Files.createDirectories(checkout.resolve("scripts"));
        Files.copy(RESET, checkout.resolve("scripts/reset"), StandardCopyOption.COPY_ATTRIBUTES);
        write(checkout.resolve("data.csv"), HEADER + "\nalice,100.00,127.0.0.1,8501,8502,,active\n");
        write(checkout.resolve("runs/walkthrough/data.csv"), HEADER + "\n");
        write(checkout.resolve("state/alice/live"), "x");
        write(checkout.resolve("logs/bank-8500.log"), "x");
        write(checkout.resolve("logs/bank-8500.history"), "x");
        write(checkout.resolve("bank.trace"), "x");
        write(checkout.resolve("spacetime.svg"), "x");
        write(checkout.resolve("README.md"), "kept");
        write(checkout.resolve("common/target/common.jar"), "kept");

        List<String> dry = run(checkout, "--dry-run");

        assertEquals(List.of(
                "would remove runs/ (1 file)",
                "would remove state/ (1 file)",
                "would remove logs/ (2 files)",
                "would remove bank.trace",
                "would remove spacetime.svg",
                "would restore data.csv to its header (1 customer rows now)",
                "SUCCESS dry run: 6 things would be reset; nothing was removed"), dry);
        assertTrue(Files.exists(checkout.resolve("state/alice/live")), "a dry run removes nothing");

        List<String> real = run(checkout);

        assertEquals("removing runs/ (1 file)", real.get(0));
        assertEquals("SUCCESS reset 6 things; the checkout is back to a clean start", real.get(real.size() - 1));
        for (String gone : List.of("runs", "state", "logs", "bank.trace", "spacetime.svg")) {
            assertFalse(Files.exists(checkout.resolve(gone)), gone);
        }
        assertEquals(HEADER + "\n", Files.readString(checkout.resolve("data.csv")));
        assertEquals("kept", Files.readString(checkout.resolve("README.md")));
        assertEquals("kept", Files.readString(checkout.resolve("common/target/common.jar")));

        assertEquals(List.of("SUCCESS already clean: nothing to remove"), run(checkout));
    }

    @Test
    void anUnknownOptionIsOneFailureLineAndRemovesNothing(@TempDir Path checkout) throws Exception {
        Files.createDirectories(checkout.resolve("scripts"));
        Files.copy(RESET, checkout.resolve("scripts/reset"), StandardCopyOption.COPY_ATTRIBUTES);
        write(checkout.resolve("state/alice/live"), "x");

        Process p = new ProcessBuilder("bash", "scripts/reset", "--all").directory(checkout.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals("FAILURE unknown option '--all' (usage: scripts/reset [--dry-run])",
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        assertTrue(Files.exists(checkout.resolve("state/alice/live")));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static List<String> run(Path checkout, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "scripts/reset"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }
}
