package cohortbank.customer.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.trace.TraceLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view's server over real HTTP on 127.0.0.1, on real files in a run directory that
 * the test writes as a bank and traced customers would.
 */
@Timeout(30)
class WatchServerTest {

    static final String HEADER = "name,balance,ip_address,port1,port2,cohort,exit_state\n";

    @TempDir
    Path run;

    WatchServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void serve() throws IOException {
        server = WatchServer.start(run, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(server.address() + path)).timeout(Duration.ofSeconds(10)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    void append(String file, String text) throws IOException {
        Files.writeString(run.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** One trace line of {@code host}'s {@code n}-th event, as a traced process writes it. */
    static String event(String host, long n, Map<String, Long> others, String text) {
        Map<String, Long> clock = new java.util.HashMap<>(others);
        clock.put(host, n);
        return new TraceLine(Instant.parse("2026-12-02T05:00:00Z").plusMillis(n), host, clock, text).line() + "\n";
    }

    static int shownEvents(String html) {
        Matcher m = Pattern.compile("id=\"diagram-count\">(\\d+) events").matcher(html);
        assertTrue(m.find(), "the page says how many events it draws: " + html);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void theServerListensOnLoopbackOnly() {
        assertTrue(server.address().startsWith("http://127.0.0.1:"), server.address());
        assertTrue(server.port() > 0);
    }

    @Test
    void theTableShowsARowAddedToDataCsvAndTheVersionChangesWithIt() throws Exception {
        Files.writeString(run.resolve("data.csv"), HEADER + "alice,100.00,127.0.0.1,8501,8502,,active\n");
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html; charset=utf-8"));
        assertTrue(page.body().contains("<td>alice</td><td class=\"number\">100.00</td>"), page.body());
        assertTrue(page.body().contains("1 customer; balances of the active ones add up to 100.00</p>"), page.body());
        String before = get("version").body();
        assertEquals(before, get("version").body(), "nothing changed, same version");

        append("data.csv", "bob,50.00,127.0.0.1,8503,8504,,active\n");

        String after = get("version").body();
        assertNotEquals(before, after, "the page learns that the run changed");
        HttpResponse<String> live = get("live");
        assertEquals(after, live.headers().firstValue("X-Run-Version").orElse(""));
        assertTrue(live.body().contains("<td>bob</td><td class=\"number\">50.00</td>"), live.body());
        assertTrue(live.body().contains("2 customers; balances of the active ones add up to 150.00</p>"));
    }

    @Test
    void theDiagramGrowsWhenATraceLineIsAppended() throws Exception {
        append("alice.trace", event("alice", 1, Map.of(), "transfer-sent to=bob amount=10.00 label=1"));
        append("bob.trace", event("bob", 1, Map.of("alice", 1L), "transfer-received from=alice amount=10.00 label=1"));
        String first = get("live").body();
        assertEquals(2, shownEvents(first));
        assertTrue(first.contains("<svg"), "the diagram is drawn inline");
        int svgBefore = get("diagram.svg").body().length();

        append("bob.trace", event("bob", 2, Map.of("alice", 1L), "checkpoint-tentative id=bob:1"));

        String second = get("live").body();
        assertEquals(3, shownEvents(second));
        assertTrue(get("diagram.svg").body().length() > svgBefore, "the SVG alone grows too");
    }

    @Test
    void aLineTornByACrashIsLeftOutAndSaidSo() throws Exception {
        append("alice.trace", event("alice", 1, Map.of(), "transfer-sent to=bob amount=10.00 label=1")
                + "2026-12-02T05:00:01Z alice {\"alice\":2");
        String live = get("live").body();
        assertEquals(1, shownEvents(live));
        assertTrue(live.contains("1 unreadable trace lines left out"), live);
    }

    @Test
    void anEmptyRunDirectorySaysWhatIsMissing() throws Exception {
        String page = get("").body();
        assertTrue(page.contains("no data.csv yet"), page);
        assertTrue(page.contains("no traces yet"), page);
        assertEquals(404, get("diagram.svg").statusCode());
    }

    @Test
    void hostileTextFromTheFilesIsEscaped() throws Exception {
        Files.writeString(run.resolve("data.csv"), HEADER
                + "\"<script>alert(1)</script>\",100.00,\"\"\"><img src=x onerror=alert(2)>\",8501,8502,,active\n");
        append("alice.trace", event("alice", 1, Map.of(), "note <script>alert(3)</script> & \"quoted\""));
        append("<i>evil&.trace", event("bob", 1, Map.of(), "checkpoint-tentative id=bob:1"));

        String page = get("").body();

        assertFalse(page.contains("<script>alert"), "no script from the files: " + page);
        assertFalse(page.contains("<img src=x"), "no element from the files");
        assertFalse(page.contains("<i>evil"), "no markup from a file name");
        assertTrue(page.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"), page);
        assertTrue(page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), page);
        assertTrue(page.contains("&lt;i&gt;evil&amp;.trace"), page);
        assertTrue(page.contains("2 events"), "the hostile trace line is drawn, harmlessly");
        HttpResponse<String> answer = get("");
        assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(answer.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"),
                "the page forbids inline scripts, so an escape that slipped would still not run");
    }

    @Test
    void unknownPathsAndOtherMethodsAreRefused() throws Exception {
        HttpResponse<String> missing = get("etc/passwd");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().startsWith("FAILURE no such page: /etc/passwd"));
        HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(server.address()))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, posted.statusCode());
        assertEquals("GET, HEAD", posted.headers().firstValue("Allow").orElse(""));
        assertEquals(200, get("watch.js").statusCode());
    }

    @Test
    void theCommandPrintsTheAddressOrOneFailureLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WatchMain.Started started = WatchMain.start(new String[] {run.toString()}, new PrintStream(out, true),
                new PrintStream(err, true));
        try {
            assertTrue(started.server().isPresent());
            assertTrue(out.toString().matches("SUCCESS watching \\S+ at http://127\\.0\\.0\\.1:\\d+/\\n"), out.toString());
        } finally {
            started.server().ifPresent(WatchServer::close);
        }

        err.reset();
        WatchMain.Started missing = WatchMain.start(new String[] {run.resolve("nope").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertEquals(2, missing.exitCode());
        assertTrue(err.toString().startsWith("FAILURE no run directory "), err.toString());

        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            err.reset();
            WatchMain.Started busy = WatchMain.start(new String[] {run.toString(), "--port", "" + taken.getLocalPort()},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
            assertEquals(2, busy.exitCode());
            assertTrue(err.toString().startsWith("FAILURE cannot serve on 127.0.0.1:" + taken.getLocalPort()), err.toString());
        }
    }
}
