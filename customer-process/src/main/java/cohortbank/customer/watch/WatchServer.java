package cohortbank.customer.watch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live view of a run: an HTTP server on 127.0.0.1 only (JDK {@code com.sun.net.httpserver},
 * no framework) that shows the bank's table and the space-time diagram of a run directory as
 * the processes write them.
 *
 * <p>Paths: {@code /} the page; {@code /live} its changing part; {@code /version} a token that
 * changes whenever data.csv or a trace changes (the page asks for it every second);
 * {@code /diagram.svg} the diagram alone; {@code /watch.js} the page's script. Anything else
 * is 404, any method but GET and HEAD 405. Every answer forbids caching, sniffing and any
 * script or style from elsewhere.
 *
 * <p>The files are read again only when their sizes or times changed, and drawn by the
 * project's renderer then; between changes the last rendering is served. The server handles
 * one request at a time on its own thread, so the cache needs no lock beyond that.
 */
public final class WatchServer implements AutoCloseable {

    private static final Map<String, String> SAFETY = Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self'");

    private final RunDirectory run;
    private final HttpServer http;
    private String renderedFingerprint;
    private RunDirectory.Diagram diagram;
    private String live;
    private String version;
    private volatile Consumer<String> onRequest = path -> { };

    private WatchServer(RunDirectory run, HttpServer http) {
        this.run = run;
        this.http = http;
    }

    /**
     * Serves {@code runDir} on 127.0.0.1:{@code port} (0: any free port) until {@link #close()}.
     *
     * @throws IOException when the port cannot be bound (taken, or not allowed)
     */
    public static WatchServer start(Path runDir, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        WatchServer server = new WatchServer(new RunDirectory(runDir), http);
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:41234/}. */
    public String address() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * Tells {@code listener} the path of each request before it is answered, on the server's
     * thread (tests change the run at a chosen moment of a browser's visit with it).
     */
    void onRequest(Consumer<String> listener) {
        this.onRequest = listener;
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", "FAILURE only GET and HEAD are served\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            onRequest.accept(path);
            switch (path) {
                case "/", "/index.html" -> {
                    refresh();
                    send(exchange, 200, "text/html", WatchPage.page(run.path().toString(), version, live));
                }
                case "/live" -> {
                    refresh();
                    exchange.getResponseHeaders().set("X-Run-Version", version);
                    send(exchange, 200, "text/html", live);
                }
                case "/version" -> {
                    refresh();
                    send(exchange, 200, "text/plain", version);
                }
                case "/diagram.svg" -> {
                    refresh();
                    if (diagram.problem() != null) {
                        send(exchange, 404, "text/plain", "FAILURE " + diagram.problem() + "\n");
                    } else {
                        send(exchange, 200, "image/svg+xml", diagram.svg());
                    }
                }
                case "/watch.js" -> send(exchange, 200, "text/javascript", WatchPage.script());
                default -> send(exchange, 404, "text/plain", "FAILURE no such page: " + path
                        + " (the page is /)\n");
            }
        } catch (RuntimeException e) {
            // A request must never stop the server; the next look will try again.
            send(exchange, 500, "text/plain", "FAILURE " + e + "\n");
        }
    }

    /** Reads and draws the run again when a file it shows changed since the last time. */
    private void refresh() {
        String fingerprint = run.fingerprint();
        if (fingerprint.equals(renderedFingerprint)) {
            return;
        }
        diagram = run.diagram();
        live = WatchPage.live(run.table(), diagram);
        version = Integer.toHexString(fingerprint.hashCode()) + "-" + Integer.toHexString(live.hashCode());
        renderedFingerprint = fingerprint;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SAFETY.forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
