package cohortbank.common.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Draws a merged trace ({@link TraceMerge}) as a space-time diagram in SVG: one vertical line
 * per process, time flowing down in causal order.
 *
 * <ul>
 *   <li>transfers: blue arrows from the sending to the receiving event, labelled with amount and label;</li>
 *   <li>lost transfers: red dashed arrows that stop short and end in a cross;</li>
 *   <li>checkpoints: a dashed orange outline box when tentative, a solid green box when permanent,
 *       a grey crossed box when aborted;</li>
 *   <li>rollbacks: a red curve jumping back up to the checkpoint restored;</li>
 *   <li>crashes: a red cross, the line dashed while the process was down; recoveries a green ring;</li>
 *   <li>other datagrams: thin grey lines, so the protocol's chatter shows without hiding the rest.</li>
 * </ul>
 * Every drawn element has a {@code class} naming what it is ({@code transfer}, {@code lost},
 * {@code checkpoint-tentative}...), so the picture can be checked by program as well as by eye.
 * Protocol events get a full row each; datagram events a sliver, to keep long runs readable.
 */
public final class SpaceTimeSvg {

    static final int COLUMN = 250;
    static final int LEFT = 110;
    static final int TOP = 170;
    static final int ROW = 44;
    static final int SLIVER = 3;

    private static final String BLUE = "#1f5fbf";
    private static final String RED = "#c62828";
    private static final String GREEN = "#2e7d32";
    private static final String ORANGE = "#ef6c00";
    private static final String GREY = "#9e9e9e";

    private final List<TraceLine> events;
    private final Map<String, Integer> column = new LinkedHashMap<>();
    private final Map<TraceLine, Integer> y = new HashMap<>();
    private final Map<TraceLine, ProtocolEvent> protocol = new HashMap<>();
    private final StringBuilder out = new StringBuilder();
    private int height;

    private SpaceTimeSvg(List<TraceLine> events) {
        this.events = events;
    }

    /** The SVG document for {@code events}, which must be in merged order. */
    public static String render(List<TraceLine> events) {
        return new SpaceTimeSvg(events).draw();
    }

    private String draw() {
        layout();
        int width = LEFT + Math.max(1, column.size()) * COLUMN + 120;
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        defs();
        out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        legend();
        processLines();
        datagrams();
        transfers();
        marks();
        out.append("</svg>\n");
        return out.toString();
    }

    // ---------------------------------------------------------------- layout

    private void layout() {
        List<String> hosts = new ArrayList<>();
        events.forEach(e -> {
            if (!hosts.contains(e.host())) {
                hosts.add(e.host());
            }
        });
        // The bank first, then customers by name: the same picture whatever order they started in.
        hosts.sort((a, b) -> a.equals("bank") ? -1 : b.equals("bank") ? 1 : a.compareTo(b));
        for (int i = 0; i < hosts.size(); i++) {
            column.put(hosts.get(i), LEFT + COLUMN / 2 + i * COLUMN);
        }
        int at = TOP;
        for (TraceLine e : events) {
            Optional<ProtocolEvent> p = ProtocolEvent.parse(e.text());
            p.ifPresent(pe -> protocol.put(e, pe));
            at += p.isPresent() ? ROW : SLIVER;
            y.put(e, at);
        }
        height = at + 60;
    }

    private int x(TraceLine e) {
        return column.get(e.host());
    }

    // ---------------------------------------------------------------- parts

    private void defs() {
        out.append("<defs>\n");
        marker("arrow-blue", BLUE);
        marker("arrow-red", RED);
        out.append("</defs>\n");
    }

    private void marker(String id, String color) {
        out.append(String.format(Locale.ROOT, "<marker id=\"%s\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
                + "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>%n", id, color));
    }

    private void legend() {
        int lx = 20;
        int ly = 24;
        out.append("<g class=\"legend\">\n");
        text(lx, ly, "Space-time diagram: time flows down; one line per process", "bold", 14, "#212121", "start");
        if (!events.isEmpty()) {
            text(lx, ly + 18, events.size() + " events of " + column.size() + " processes, "
                    + events.get(0).time().toString().replace('T', ' ').replaceAll("(\\.\\d+)?Z$", "") + " to "
                    + events.get(events.size() - 1).time().toString().replaceAll(".*T", "").replaceAll("(\\.\\d+)?Z$", "")
                    + " UTC", "normal", 12, "#616161", "start");
        }
        int row = ly + 46;
        int cx = lx;
        cx = legendItem(cx, row, "transfer", () -> line(cx0 + 0, row - 4, cx0 + 30, row - 4, BLUE, 2, null, "arrow-blue", "legend-transfer"));
        cx = legendItem(cx, row, "lost transfer", () -> {
            line(cx0, row - 4, cx0 + 24, row - 4, RED, 2, "5,3", null, "legend-lost");
            cross(cx0 + 28, row - 4, 5, RED, "legend-lost");
        });
        cx = legendItem(cx, row, "tentative checkpoint", () -> box(cx0 + 12, row - 4, "tentative", "legend-tentative"));
        cx = legendItem(cx, row, "permanent checkpoint", () -> box(cx0 + 12, row - 4, "permanent", "legend-permanent"));
        cx = legendItem(cx, row, "aborted", () -> box(cx0 + 12, row - 4, "aborted", "legend-aborted"));
        int row2 = row + 24;
        cx = lx;
        cx = legendItem(cx, row2, "rollback to a checkpoint", () -> path(String.format(Locale.ROOT,
                "M%d,%d C%d,%d %d,%d %d,%d", cx0 + 4, row2, cx0 - 6, row2 - 4, cx0 + 10, row2 - 12, cx0 + 30, row2 - 10),
                RED, 2, null, "arrow-red", "legend-rollback"));
        cx = legendItem(cx, row2, "crash", () -> cross(cx0 + 14, row2 - 4, 7, RED, "legend-crash"));
        cx = legendItem(cx, row2, "recovery", () -> ring(cx0 + 14, row2 - 4, "legend-recovery"));
        cx = legendItem(cx, row2, "other datagrams", () -> line(cx0, row2 - 4, cx0 + 30, row2 - 4, GREY, 0.8, null,
                null, "legend-datagram"));
        out.append("</g>\n");
    }

    private int cx0;

    /** Draws a legend symbol at {@code x} (through {@link #cx0}) and its caption; returns the next x. */
    private int legendItem(int x, int rowY, String caption, Runnable symbol) {
        cx0 = x;
        symbol.run();
        text(x + 40, rowY, caption, "normal", 12, "#424242", "start");
        return x + 40 + caption.length() * 7 + 24;
    }

    private void processLines() {
        for (Map.Entry<String, Integer> c : column.entrySet()) {
            String host = c.getKey();
            int cx = c.getValue();
            List<TraceLine> mine = events.stream().filter(e -> e.host().equals(host)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "<rect class=\"host\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"26\" "
                    + "rx=\"5\" fill=\"%s\"/>%n", cx - 80, TOP - 46, 160, host.equals("bank") ? "#455a64" : "#37474f"));
            text(cx, TOP - 28, host, "bold", 13, "#ffffff", "middle");
            TraceLine previous = null;
            for (TraceLine e : mine) {
                if (previous != null) {
                    boolean down = protocol.get(e) instanceof ProtocolEvent.Crash;
                    boolean gone = protocol.get(previous) instanceof ProtocolEvent.Quit;
                    line(cx, y.get(previous), cx, y.get(e), gone ? "#e0e0e0" : "#616161", down || gone ? 1.2 : 2,
                            down || gone ? "4,5" : null, null, down ? "down" : "process");
                }
                previous = e;
            }
        }
    }

    /** Datagrams other than transfers: a thin grey line from each send to each of its receives. */
    private void datagrams() {
        Map<String, TraceLine> sends = new HashMap<>();
        for (TraceLine e : events) {
            if (e.text().startsWith("send ")) {
                sends.put(e.host() + ":" + e.number(), e);
            }
        }
        out.append("<g class=\"datagrams\" opacity=\"0.55\">\n");
        for (TraceLine e : events) {
            if (!e.text().startsWith("recv of=")) {
                continue;
            }
            String of = e.text().substring("recv of=".length()).split(" ", 2)[0];
            TraceLine send = sends.get(of);
            if (send != null && column.containsKey(send.host())) {
                line(x(send), y.get(send), x(e), y.get(e), GREY, 0.7, null, null, "datagram");
            }
        }
        out.append("</g>\n");
    }

    private void transfers() {
        for (TraceLine e : events) {
            ProtocolEvent p = protocol.get(e);
            if (p instanceof ProtocolEvent.TransferReceived r) {
                Optional<TraceLine> sent = latestBefore(e, r.from(), s -> protocol.get(s) instanceof ProtocolEvent.TransferSent ts
                        && ts.label() == r.label() && ts.to().equals(e.host()));
                if (sent.isPresent()) {
                    TraceLine s = sent.get();
                    line(x(s), y.get(s), x(e) + (x(e) > x(s) ? -6 : 6), y.get(e), BLUE, 2, null, "arrow-blue", "transfer");
                    haloText((x(s) + x(e)) / 2, (y.get(s) + y.get(e)) / 2 - 5, r.amount() + " #" + r.label(), BLUE, "transfer-label");
                }
            } else if (p instanceof ProtocolEvent.LostTransfer l) {
                // It heads for its receiver but stops within the sender's own gap, so it never
                // looks as if it reached a neighbour on the way.
                int from = x(e);
                int direction = column.getOrDefault(l.to(), from + COLUMN) >= from ? 1 : -1;
                int endX = from + direction * (int) (COLUMN * 0.42);
                int endY = y.get(e) + 24;
                line(from, y.get(e), endX, endY, RED, 2, "6,4", null, "lost");
                cross(endX, endY, 6, RED, "lost");
                haloText(direction > 0 ? from + 12 : from - 12, y.get(e) - 8, l.amount() + " #" + l.label() + " to "
                        + l.to() + " lost", RED, "lost-label", direction > 0 ? "start" : "end");
            }
        }
    }

    private void marks() {
        for (TraceLine e : events) {
            ProtocolEvent p = protocol.get(e);
            if (p == null) {
                continue;
            }
            int cx = x(e);
            int cy = y.get(e);
            String label = null;
            String color = "#212121";
            if (p instanceof ProtocolEvent.TentativeCheckpoint t) {
                box(cx, cy, "tentative", "checkpoint-tentative");
                label = "tentative " + t.instance();
                color = ORANGE;
            } else if (p instanceof ProtocolEvent.PermanentCheckpoint c) {
                box(cx, cy, "permanent", "checkpoint-permanent");
                label = "checkpoint " + c.instance();
                color = GREEN;
            } else if (p instanceof ProtocolEvent.CheckpointAborted a) {
                box(cx, cy, "aborted", "checkpoint-aborted");
                label = "aborted " + a.instance();
                color = GREY;
            } else if (p instanceof ProtocolEvent.RolledBack r) {
                rollback(e, r);
                label = "rollback to " + r.checkpoint();
                color = RED;
            } else if (p instanceof ProtocolEvent.Crash) {
                cross(cx, cy, 9, RED, "crash");
                label = "crash";
                color = RED;
            } else if (p instanceof ProtocolEvent.Recovery r) {
                ring(cx, cy, "recovery");
                label = "recovered from " + r.checkpoint();
                color = GREEN;
            } else if (p instanceof ProtocolEvent.Start) {
                dot(cx, cy, 4, "#616161", "start");
                label = events.stream().filter(o -> o.host().equals(e.host())).findFirst().orElse(e) == e ? "start" : "restart";
                color = "#616161";
            } else if (p instanceof ProtocolEvent.Resume) {
                dot(cx, cy, 4, GREEN, "resume");
                label = "resumed after quit";
                color = GREEN;
            } else if (p instanceof ProtocolEvent.Quit) {
                line(cx - 10, cy, cx + 10, cy, "#212121", 3, null, null, "quit");
                label = "quit";
            } else if (p instanceof ProtocolEvent.TransferSent) {
                dot(cx, cy, 4, BLUE, "transfer-sent");
            } else if (p instanceof ProtocolEvent.TransferReceived) {
                dot(cx, cy, 4, BLUE, "transfer-received");
            } else if (p instanceof ProtocolEvent.LostTransfer) {
                dot(cx, cy, 4, RED, "lost-transfer");
            } else if (p instanceof ProtocolEvent.Opened o) {
                dot(cx, cy, 4, "#455a64", "bank-event");
                label = "open " + o.name() + " " + o.balance();
            } else if (p instanceof ProtocolEvent.CohortFormed f) {
                dot(cx, cy, 4, "#455a64", "bank-event");
                label = "cohort " + f.id() + ": " + String.join(", ", f.members());
            } else if (p instanceof ProtocolEvent.CohortDeleted d) {
                dot(cx, cy, 4, "#455a64", "bank-event");
                label = "cohort " + d.id() + " deleted";
            } else if (p instanceof ProtocolEvent.Exited x) {
                dot(cx, cy, 4, "#455a64", "bank-event");
                label = "exit " + x.name();
            }
            if (label != null) {
                haloText(cx + 14, cy + 4, label, color, "event-label", "start");
            }
        }
    }

    private void rollback(TraceLine e, ProtocolEvent.RolledBack r) {
        TraceLine target = latestBefore(e, e.host(), o -> protocol.get(o) instanceof ProtocolEvent.PermanentCheckpoint c
                && c.instance().equals(r.checkpoint()))
                .orElseGet(() -> events.stream().filter(o -> o.host().equals(e.host())).findFirst().orElse(e));
        int cx = x(e);
        int from = y.get(e);
        int to = y.get(target) + 9;
        int bulge = 38 + Math.min(40, (from - to) / 12);
        path(String.format(Locale.ROOT, "M%d,%d C%d,%d %d,%d %d,%d", cx - 6, from, cx - bulge, from, cx - bulge, to,
                cx - 9, to), RED, 2.2, null, "arrow-red", "rollback");
    }

    /** The latest event of {@code host} before {@code e} in the merged order that matches. */
    private Optional<TraceLine> latestBefore(TraceLine e, String host, java.util.function.Predicate<TraceLine> match) {
        TraceLine found = null;
        for (TraceLine o : events) {
            if (o == e) {
                break;
            }
            if (o.host().equals(host) && match.test(o)) {
                found = o;
            }
        }
        return Optional.ofNullable(found);
    }

    // ---------------------------------------------------------------- shapes

    private void box(int cx, int cy, String kind, String cls) {
        switch (kind) {
            case "tentative" -> out.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"16\" "
                    + "height=\"16\" fill=\"#fff3e0\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"3,2\"/>%n",
                    cls, cx - 8, cy - 8, ORANGE));
            case "permanent" -> out.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"16\" "
                    + "height=\"16\" fill=\"%s\" stroke=\"#1b5e20\" stroke-width=\"1.5\"/>%n", cls, cx - 8, cy - 8, GREEN));
            default -> {
                out.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"16\" height=\"16\" "
                        + "fill=\"#eeeeee\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", cls, cx - 8, cy - 8, GREY));
                cross(cx, cy, 5, GREY, cls);
            }
        }
    }

    private void cross(int cx, int cy, int r, String color, String cls) {
        out.append(String.format(Locale.ROOT, "<path class=\"%s\" d=\"M%d,%d L%d,%d M%d,%d L%d,%d\" stroke=\"%s\" "
                + "stroke-width=\"3\" stroke-linecap=\"round\"/>%n", cls, cx - r, cy - r, cx + r, cy + r, cx - r, cy + r,
                cx + r, cy - r, color));
    }

    private void ring(int cx, int cy, String cls) {
        out.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%d\" cy=\"%d\" r=\"8\" fill=\"#ffffff\" "
                + "stroke=\"%s\" stroke-width=\"3\"/>%n", cls, cx, cy, GREEN));
    }

    private void dot(int cx, int cy, int r, String color, String cls) {
        out.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\"/>%n",
                cls, cx, cy, r, color));
    }

    private void line(int x1, int y1, int x2, int y2, String color, double width, String dash, String marker, String cls) {
        out.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"%s%s/>%n", cls, x1, y1, x2, y2, color, width,
                dash == null ? "" : " stroke-dasharray=\"" + dash + "\"",
                marker == null ? "" : " marker-end=\"url(#" + marker + ")\""));
    }

    private void path(String d, String color, double width, String dash, String marker, String cls) {
        out.append(String.format(Locale.ROOT, "<path class=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s%s/>%n",
                cls, d, color, width, dash == null ? "" : " stroke-dasharray=\"" + dash + "\"",
                marker == null ? "" : " marker-end=\"url(#" + marker + ")\""));
    }

    private void haloText(int x, int y, String text, String color, String cls) {
        haloText(x, y, text, color, cls, "middle");
    }

    /** Text with a white outline, readable over the lines it crosses. */
    private void haloText(int x, int y, String text, String color, String cls, String anchor) {
        out.append(String.format(Locale.ROOT, "<text class=\"%s\" x=\"%d\" y=\"%d\" text-anchor=\"%s\" fill=\"%s\" "
                + "stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\" stroke-linejoin=\"round\">%s</text>%n",
                cls, x, y, anchor, color, escape(text)));
    }

    private void text(int x, int y, String text, String weight, int size, String color, String anchor) {
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"%s\" font-size=\"%d\" fill=\"%s\" "
                + "text-anchor=\"%s\">%s</text>%n", x, y, weight, size, color, anchor, escape(text)));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
