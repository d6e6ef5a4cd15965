package cohortbank.common.trace;

import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultObserver;
import cohortbank.common.net.Transport;
import cohortbank.common.net.TransportLayer;
import cohortbank.common.time.Scheduler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes one process's trace file ({@code --trace FILE}): every datagram sent and received and
 * every {@link ProtocolEvent}, each stamped with the process's {@link VectorClock}, one
 * {@link TraceLine} per line, flushed as written so that a {@code kill -9} loses nothing that
 * happened before it.
 *
 * <p>As a {@link TransportLayer} it wraps each transport in a {@link TracingTransport}, which
 * carries the clock in an {@code @vc=} header on every datagram except a bare reply (a person's
 * {@code nc -u} should see a bare answer). Processes without tracing ignore the header, as
 * they ignore every header they do not use.
 *
 * <p>As a {@link FaultObserver} it records the datagrams the fault layer below it dropped or
 * duplicated, naming each by the send event its clock header points to.
 *
 * <p>A process restarted on the same file appends to it and continues its clock where the
 * file ends; when the previous run did not end with {@link ProtocolEvent.Quit}, it first records
 * a {@link ProtocolEvent.Crash}. A line torn by a crash is skipped. Thread-safe: events come from
 * the event loop, the console thread and socket readers alike. A write that fails stops the
 * tracing, never the process.
 */
public final class Tracer implements TransportLayer, FaultObserver, AutoCloseable {

    /** Header keys carrying the clock: {@code vc}, then {@code vca}...{@code vcz} when it is long. */
    static final String HEADER = "vc";
    static final int HEADER_VALUE_MAX = 128;

    private final String host;
    private final Clock wallClock;
    private final VectorClock clock;
    private BufferedWriter out;

    private Tracer(String host, Clock wallClock, VectorClock clock, BufferedWriter out) {
        this.host = host;
        this.wallClock = wallClock;
        this.clock = clock;
        this.out = out;
    }

    /**
     * Opens {@code file} for {@code host}, continuing what an earlier run left there, and
     * records {@link ProtocolEvent.Start} (after a {@link ProtocolEvent.Crash} when that run did
     * not quit cleanly).
     *
     * @throws IOException when the file cannot be read or written
     * @throws IllegalArgumentException when {@code host} is not a valid host name
     */
    public static Tracer open(Path file, String host, Clock wallClock) throws IOException {
        if (!VectorClock.HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("bad trace host name '" + host + "'");
        }
        VectorClock clock = new VectorClock();
        boolean crashed = false;
        boolean tornEnd = false;
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            tornEnd = !text.isEmpty() && !text.endsWith("\n");
            Optional<TraceLine> last = Optional.empty();
            for (String line : text.split("\n")) {
                Optional<TraceLine> parsed = TraceLine.parse(line).filter(l -> l.host().equals(host));
                if (parsed.isPresent()) {
                    last = parsed;
                }
            }
            if (last.isPresent()) {
                clock.merge(last.get().clock());
                crashed = !(ProtocolEvent.parse(last.get().text()).orElse(null) instanceof ProtocolEvent.Quit);
            }
        } else if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        if (tornEnd) {
            out.write('\n'); // end the torn line, which readers skip
        }
        Tracer tracer = new Tracer(host, wallClock, clock, out);
        if (crashed) {
            tracer.record(new ProtocolEvent.Crash());
        }
        tracer.record(new ProtocolEvent.Start());
        return tracer;
    }

    public static Tracer open(Path file, String host) throws IOException {
        return open(file, host, Clock.systemUTC());
    }

    public String host() {
        return host;
    }

    /** The clock as of the latest event recorded. */
    public synchronized Map<String, Long> clock() {
        return clock.snapshot();
    }

    /** Records a protocol event as the process's next event. */
    public synchronized void record(ProtocolEvent event) {
        write(event.text());
    }

    /** Records a send to {@code to}; returns the datagram text to send, with the clock header. */
    synchronized String sending(Endpoint to, String text) {
        write("send to=" + to + " msg=" + text);
        if (text.startsWith("SUCCESS") || text.startsWith("FAILURE")) {
            return text; // a bare reply, to a person's nc -u
        }
        List<String> headers = headers(VectorClock.toHeader(host, clock.snapshot()));
        String stamped = String.join(" ", headers) + " " + text;
        if (headers.isEmpty() || stamped.getBytes(StandardCharsets.UTF_8).length > Transport.MAX_DATAGRAM_BYTES) {
            return text; // the message matters more than the picture
        }
        return stamped;
    }

    /** Takes the clock header off a received datagram, records the receive, returns what the process sees. */
    synchronized Datagram received(Datagram datagram) {
        Stripped s = strip(datagram.text());
        Optional<VectorClock.Stamp> stamp = s.header().isEmpty() ? Optional.empty()
                : VectorClock.parseHeader(s.header());
        stamp.ifPresent(st -> clock.merge(st.clock()));
        String of = stamp.map(st -> st.sender() + ":" + st.senderEvent()).orElse("?");
        write("recv of=" + of + " from=" + datagram.from() + " msg=" + s.text());
        return new Datagram(datagram.from(), s.text(), datagram.sender());
    }

    @Override
    public void dropped(Endpoint to, String text, String why) {
        record(new ProtocolEvent.Dropped(sendEvent(text), to.toString(), why));
    }

    @Override
    public void duplicated(Endpoint to, String text) {
        record(new ProtocolEvent.Duplicated(sendEvent(text), to.toString()));
    }

    /** {@code host:number} of the send that stamped {@code text} (sealed or not), or {@code ?}. */
    static String sendEvent(String text) {
        Stripped s = strip(text);
        return s.header().isEmpty() ? "?" : VectorClock.parseHeader(s.header())
                .map(st -> st.sender() + ":" + st.senderEvent()).orElse("?");
    }

    private void write(String text) {
        if (out == null) {
            return;
        }
        clock.tick(host);
        TraceLine line = new TraceLine(wallClock.instant(), host, clock.snapshot(), text);
        try {
            out.write(line.line());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            closeQuietly(); // tracing stops; the process goes on
        }
    }

    private static List<String> headers(String value) {
        List<String> headers = new ArrayList<>();
        for (int start = 0, i = 0; start < value.length(); start += HEADER_VALUE_MAX, i++) {
            if (i > 26) {
                return List.of(); // too large a cohort to carry: send without a clock
            }
            String key = i == 0 ? HEADER : HEADER + (char) ('a' + i - 1);
            headers.add("@" + key + "=" + value.substring(start, Math.min(value.length(), start + HEADER_VALUE_MAX)));
        }
        return headers;
    }

    /** A datagram's text without its clock headers, and the clock header value they held. */
    record Stripped(String text, String header) {
    }

    /** Removes the leading {@code @vc=}/{@code @vca=}... headers, keeping every other byte as it was. */
    static Stripped strip(String text) {
        TreeMap<String, String> clockParts = new TreeMap<>((a, b) -> a.length() != b.length()
                ? Integer.compare(a.length(), b.length()) : a.compareTo(b));
        List<String> kept = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            int end = text.indexOf(' ', i);
            if (end < 0 || i >= text.length() || text.charAt(i) != '@') {
                break;
            }
            String token = text.substring(i, end);
            int eq = token.indexOf('=');
            String key = eq < 0 ? "" : token.substring(1, eq);
            if (key.matches(HEADER + "[a-z]?")) {
                clockParts.put(key, token.substring(eq + 1));
            } else {
                kept.add(token);
            }
            i = end + 1;
        }
        if (clockParts.isEmpty()) {
            return new Stripped(text, "");
        }
        String rest = text.substring(Math.min(i, text.length()));
        String body = kept.isEmpty() ? rest : String.join(" ", kept) + " " + rest;
        return new Stripped(body, String.join("", clockParts.values()));
    }

    @Override
    public Transport wrap(Transport transport, Scheduler scheduler) {
        return new TracingTransport(transport, this);
    }

    /** Flushes and closes the file; later events are not recorded. Idempotent. */
    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing more can be recorded either way
            }
            out = null;
        }
    }
}
