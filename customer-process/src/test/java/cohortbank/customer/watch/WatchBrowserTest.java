package cohortbank.customer.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in a real headless browser (Debian's {@code chromium}, found on the PATH):
 * the page's own script must notice a change to the run and show it, and the page must render
 * into a screenshot. Skipped, saying why, when no chromium is installed.
 */
@Timeout(180)
@Tag("slow")
class WatchBrowserTest {

    @TempDir
    Path run;

    @TempDir
    Path browserHome;

    static Optional<Path> chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void thePageShowsTheTableAndDiagramAndItsScriptPicksUpARowAddedWhileItIsOpen() throws Exception {
        Optional<Path> browser = chromium();
        if (browser.isEmpty()) {
            System.out.println("WatchBrowserTest skipped: no chromium on the PATH (Debian: apt-get install chromium)");
        }
        Assumptions.assumeTrue(browser.isPresent(),
                "no chromium on the PATH, so the live page was not checked in a real browser (Debian: apt-get install chromium)");

        Files.writeString(run.resolve("data.csv"), WatchServerTest.HEADER
                + "alice,90.00,127.0.0.1,8501,8502,1,active\n" + "<i>mallory</i>,10.00,127.0.0.1,8503,8504,1,active\n");
        Files.writeString(run.resolve("alice.trace"),
                WatchServerTest.event("alice", 1, Map.of(), "transfer-sent to=bob amount=10.00 label=1"));
        Files.writeString(run.resolve("bob.trace"),
                WatchServerTest.event("bob", 1, Map.of("alice", 1L), "transfer-received from=alice amount=10.00 label=1"));

        try (WatchServer server = WatchServer.start(run, 0)) {
            // Only the page's script asks for /version: the run changes while the page is open.
            AtomicBoolean changed = new AtomicBoolean();
            server.onRequest(path -> {
                if (path.equals("/version") && changed.compareAndSet(false, true)) {
                    try {
                        Files.writeString(run.resolve("data.csv"), "carol,7.00,127.0.0.1,8505,8506,,active\n",
                                StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });

            String dom = runBrowser(browser.get(), "--virtual-time-budget=6000", "--dump-dom", server.address());
            assertTrue(changed.get(), "the page's script asked whether the run changed");
            assertTrue(dom.contains("<td>carol</td>"), "the row added while the page was open shows: " + dom);
            assertTrue(dom.contains("<td>alice</td>"), dom);
            assertTrue(dom.contains("&lt;i&gt;mallory&lt;/i&gt;"), "a hostile name is text, not markup");
            assertFalse(dom.contains("<i>mallory"), "no element from a name");
            assertTrue(dom.contains("class=\"legend\""), "the diagram is in the page");
            assertTrue(dom.contains("updates by itself"), "the server answered every look");

            Path shot = run.resolve("watch.png");
            runBrowser(browser.get(), "--window-size=1200,1000", "--screenshot=" + shot, server.address());
            assertTrue(Files.size(shot) > 10_000, "a screenshot with something drawn in it: " + Files.size(shot) + " bytes");
            byte[] png = Files.readAllBytes(shot);
            assertEquals((byte) 0x89, png[0]);
            assertEquals('P', png[1]);
            System.out.println("WatchBrowserTest screenshot: " + shot);
        }
    }

    /** Runs headless chromium with {@code args}; returns what it printed; fails if it does not end within 90 s. */
    private String runBrowser(Path browser, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(browser.toString(), "--headless", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--disable-dev-shm-usage",
                "--user-data-dir=" + browserHome.resolve("profile")));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--no-sandbox"); // chromium refuses to run as root with its sandbox
        }
        command.addAll(List.of(args));
        Path output = browserHome.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(output.toFile()).redirectError(browserHome.resolve("err.txt").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s");
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(browserHome.resolve("err.txt")));
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
