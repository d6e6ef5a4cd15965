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
 * per process, time flowing down in causal order, a legend at the top and the process names
 * repeated down long diagrams.
 *
 * <ul>
 *   <li>transfers: blue arrows from the datagram that carried them to the receiver's booking,
 *       labelled with amount and label; a re-sent transfer (after a crash, a rollback, a lost
 *       transfer, or a missing acknowledgement) starts from its own send, marked with a ring;
 *       a copy the receiver already had is a thin dashed blue arrow;</li>
 *   <li>lost transfers: red dashed arrows that stop short and end in a cross;</li>
 *   <li>control messages, directed and labelled with their kind and instance: requests, votes,
 *       decisions, resyncs, outcome questions; purple for checkpoints, crimson for rollbacks;</li>
 *   <li>acknowledgements and the bank's datagrams: thin grey arrows;</li>
 *   <li>a datagram the fault layer dropped: its arrow stops short in a red cross; one it
 *       duplicated: "x2" at its send, and the second receipt dashed;</li>
 *   <li>checkpoints: a dashed orange box when tentative, a solid green box when permanent, a
 *       grey crossed box when aborted, each with its instance and who started it;</li>
 *   <li>rollbacks: a red curve jumping back up to the checkpoint restored, its own per instance,
 *       labelled with the instance and who started it; money events the rollback (or a crash
 *       recovery) undid are grey and struck out, their arrows grey and dashed;</li>
 *   <li>crashes: a red cross, the line dashed while the process was down; recoveries a green ring.</li>
 * </ul>
 * Every drawn element has a {@code class} naming what it is ({@code transfer}, {@code drop},
 * {@code control request}, {@code undone}...), so the picture can be checked by program as well
 * as by eye. Protocol events get a full row each, control datagrams a small one, other
 * datagram events a sliver, to keep long runs readable.
 */
public final class SpaceTimeSvg {

    static final int COLUMN = 250;
    static final int LEFT = 110;
    static final int TOP = 210;
    static final int ROW = 44;
    static final int CONTROL_ROW = 14;
    static final int SLIVER = 3;
    /** Process names are drawn again every this many pixels down. */
    static final int NAME_EVERY = 700;

    static final String BLUE = "#1f5fbf";
    static final String RED = "#c62828";
    static final String GREEN = "#2e7d32";
    static final String ORANGE = "#ef6c00";
    static final String GREY = "#9e9e9e";
    static final String UNDONE = "#b0b0b0";
    static final String PURPLE = "#6a1b9a";
    static final String CRIMSON = "#ad1457";
    static final String TEAL = "#00695c";

    private final TraceFacts facts;
    private final List<TraceLine> events;
    private final Map<String, Integer> column = new LinkedHashMap<>();
    private final Map<TraceLine, Integer> y = new HashMap<>();
    private final SvgCanvas svg = new SvgCanvas();
    private int height;

    private SpaceTimeSvg(List<TraceLine> events) {
        this.events = events;
        this.facts = TraceFacts.read(events);
    }

    /** The SVG document for {@code events}, which must be in merged order. */
    public static String render(List<TraceLine> events) {
        return new SpaceTimeSvg(events).draw();
    }

    private String draw() {
        layout();
        int width = LEFT + Math.max(4, column.size()) * COLUMN + 120;
        svg.open(width, height);
        defs();
        svg.rect("background", 0, 0, width, height, "#ffffff", null, 0, null);
        new SpaceTimeLegend(svg, events, column.size()).draw();
        processLines();
        names(); // under the arrows and labels, which matter more
        datagrams();
        transfers();
        marks();
        return svg.close();
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
            ProtocolEvent p = facts.protocol.get(e);
            Message m = facts.messages.get(e);
            at += p instanceof ProtocolEvent.Dropped || p instanceof ProtocolEvent.Duplicated ? CONTROL_ROW
                    : p != null ? ROW
                    : m != null && m.kind().control() ? CONTROL_ROW : SLIVER;
            y.put(e, at);
        }
        height = at + 60;
    }

    private int x(TraceLine e) {
        return column.get(e.host());
    }

    /** The column of whoever listens at {@code endpoint}, or null when no receive showed it. */
    private Integer columnAt(String endpoint) {
        String host = facts.hostAt.get(endpoint);
        return host == null ? null : column.get(host);
    }

    // ---------------------------------------------------------------- parts

    private void defs() {
        svg.raw("<defs>\n");
        svg.marker("arrow-blue", BLUE, 7);
        svg.marker("arrow-red", RED, 7);
        svg.marker("arrow-undone", UNDONE, 7);
        svg.marker("arrow-purple", PURPLE, 6);
        svg.marker("arrow-crimson", CRIMSON, 6);
        svg.marker("arrow-teal", TEAL, 6);
        svg.marker("arrow-grey", GREY, 5);
        svg.raw("</defs>\n");
    }

    private void processLines() {
        for (Map.Entry<String, Integer> c : column.entrySet()) {
            String host = c.getKey();
            int cx = c.getValue();
            hostTag(host, cx, TOP - 46, "host");
            TraceLine previous = null;
            for (TraceLine e : facts.of(host)) {
                if (previous != null) {
                    boolean down = facts.protocol.get(e) instanceof ProtocolEvent.Crash;
                    boolean gone = facts.protocol.get(previous) instanceof ProtocolEvent.Quit;
                    svg.line(cx, y.get(previous), cx, y.get(e), gone ? "#e0e0e0" : "#616161", down || gone ? 1.2 : 2,
                            down || gone ? "4,5" : null, null, down ? "down" : "process");
                }
                previous = e;
            }
        }
    }

    private void hostTag(String host, int cx, int top, String cls) {
        boolean repeat = !cls.equals("host");
        svg.rect(cls, cx - (repeat ? 40 : 80), top, repeat ? 80 : 160, repeat ? 18 : 26,
                host.equals("bank") ? "#455a64" : "#37474f", null, 0, null);
        svg.text(cx, top + (repeat ? 13 : 18), host, "bold", repeat ? 11 : 13, "#ffffff", "middle", cls + "-name");
    }

    /**
     * The process names again, about every {@link #NAME_EVERY} pixels, on every line still drawn
     * there, moved down to a band where no mark would hide under them.
     */
    private void names() {
        java.util.TreeSet<Integer> marked = new java.util.TreeSet<>();
        facts.protocol.keySet().forEach(e -> marked.add(y.get(e)));
        for (int at = TOP + NAME_EVERY; at < height - 120; at += NAME_EVERY) {
            int nominal = at;
            while (at < nominal + NAME_EVERY / 2 && marked.subSet(at - 14, at + 32).size() > 0) {
                at += 4;
            }
            for (Map.Entry<String, Integer> c : column.entrySet()) {
                List<TraceLine> mine = facts.of(c.getKey());
                if (!mine.isEmpty() && y.get(mine.get(0)) < at && y.get(mine.get(mine.size() - 1)) > at) {
                    hostTag(c.getKey(), c.getValue(), at, "host-repeat");
                }
            }
        }
    }

    /** Datagrams other than transfers: control messages in colour and labelled, the rest grey; all directed. */
    private void datagrams() {
        svg.group("datagrams", "");
        for (Map.Entry<TraceLine, TraceLine> pair : facts.sendOf.entrySet()) {
            TraceLine recv = pair.getKey();
            TraceLine send = pair.getValue();
            Message m = facts.messages.get(send);
            if (m.kind() == Message.Kind.TRANSFER) {
                continue;
            }
            boolean copy = facts.duplicateReceipts.contains(recv);
            int x1 = x(send);
            int x2 = x(recv) + (x(recv) > x1 ? -3 : 3);
            if (m.kind().control()) {
                String color = color(m);
                String cls = "control " + m.kind().name().toLowerCase(Locale.ROOT) + (copy ? " duplicate" : "");
                svg.line(x1, y.get(send), x2, y.get(recv), color, 1.4, copy ? "3,3" : null, marker(color), cls);
                // The caption sits a little before the middle, where arrows of a fan-out part.
                int lx = x1 + (x2 - x1) * 9 / 20;
                int ly = y.get(send) + (y.get(recv) - y.get(send)) * 9 / 20 - 3;
                svg.haloText(lx, ly, m.caption() + (copy ? " (copy)" : ""), color, "control-label", "middle", 10, false);
            } else {
                svg.line(x1, y.get(send), x2, y.get(recv), GREY, 0.7, copy ? "3,3" : null, "arrow-grey",
                        "datagram" + (copy ? " duplicate" : ""));
            }
        }
        svg.endGroup();
    }

    private static String color(Message m) {
        return switch (m.family()) {
            case CHECKPOINT -> PURPLE;
            case ROLLBACK -> CRIMSON;
            case NONE -> m.kind() == Message.Kind.TRANSFER ? BLUE : m.kind() == Message.Kind.OTHER ? GREY : TEAL;
        };
    }

    private static String marker(String color) {
        return switch (color) {
            case PURPLE -> "arrow-purple";
            case CRIMSON -> "arrow-crimson";
            case TEAL -> "arrow-teal";
            case BLUE -> "arrow-blue";
            default -> "arrow-grey";
        };
    }

    private void transfers() {
        for (Map.Entry<TraceLine, TraceLine> pair : facts.sendOf.entrySet()) {
            TraceLine recv = pair.getKey();
            TraceLine send = pair.getValue();
            Message m = facts.messages.get(send);
            if (m.kind() != Message.Kind.TRANSFER) {
                continue;
            }
            TraceLine booked = facts.applied.get(recv);
            int x1 = x(send);
            int x2 = x(recv) + (x(recv) > x1 ? -6 : 6);
            boolean resent = facts.resends.contains(send);
            if (booked == null) {
                // A copy the receiver already held (or held back): it changed nothing.
                svg.line(x1, y.get(send), x2, y.get(recv), BLUE, 0.9, "3,3", "arrow-blue", "transfer-copy");
                continue;
            }
            boolean undone = facts.undone.contains(booked) || facts.sendUndone(send);
            String color = undone ? UNDONE : BLUE;
            svg.line(x1, y.get(send), x2, y.get(booked), color, 2, undone ? "6,4" : null,
                    undone ? "arrow-undone" : "arrow-blue", "transfer" + (resent ? " resent" : "") + (undone ? " undone" : ""));
            svg.haloText((x1 + x2) / 2, (y.get(send) + y.get(booked)) / 2 - 5, m.caption() + (resent ? " re-sent" : ""),
                    color, "transfer-label" + (undone ? " undone" : ""), "middle", 12, undone);
        }
        for (TraceLine send : facts.resends) {
            svg.ring(x(send), y.get(send), 5, BLUE, 2, "resend");
        }
        for (TraceLine e : events) {
            ProtocolEvent p = facts.protocol.get(e);
            if (p instanceof ProtocolEvent.LostTransfer l) {
                lostTransfer(e, l);
            } else if (p instanceof ProtocolEvent.Dropped d) {
                dropped(e, d);
            } else if (p instanceof ProtocolEvent.Duplicated d) {
                TraceLine send = facts.sends.get(d.of());
                TraceLine at = send != null ? send : e;
                svg.haloText(x(at) + (send != null ? 10 : 14), y.get(at) + 4, "x2", TEAL, "duplicate-mark", "start", 10, false);
            }
        }
    }

    private void lostTransfer(TraceLine e, ProtocolEvent.LostTransfer l) {
        // It heads for its receiver but stops within the sender's own gap, so it never looks
        // as if it reached a neighbour on the way.
        int from = x(e);
        int direction = column.getOrDefault(l.to(), from + COLUMN) >= from ? 1 : -1;
        int endX = from + direction * (int) (COLUMN * 0.42);
        int endY = y.get(e) + 24;
        boolean undone = facts.undone.contains(e);
        String color = undone ? UNDONE : RED;
        svg.line(from, y.get(e), endX, endY, color, 2, "6,4", null, "lost" + (undone ? " undone" : ""));
        svg.cross(endX, endY, 6, color, "lost");
        svg.haloText(direction > 0 ? from + 12 : from - 12, y.get(e) - 8, l.amount() + " #" + l.label() + " to "
                + l.to() + " lost", color, "lost-label" + (undone ? " undone" : ""), direction > 0 ? "start" : "end", 12, undone);
    }

    /** A datagram the network dropped: from its send towards its receiver, stopping short in a cross. */
    private void dropped(TraceLine e, ProtocolEvent.Dropped d) {
        TraceLine send = facts.sends.get(d.of());
        if (send == null) {
            svg.cross(x(e), y.get(e), 5, RED, "drop-mark");
            svg.haloText(x(e) + 10, y.get(e) + 4, "dropped (" + d.why() + ")", RED, "drop-label", "start", 10, false);
            return;
        }
        Message m = facts.messages.get(send);
        int from = x(send);
        Integer target = columnAt(d.to());
        int direction = target == null || target >= from ? 1 : -1;
        int reach = target == null || target.equals(from) ? COLUMN / 3 : (int) (Math.abs(target - from) * 0.45);
        int endX = from + direction * reach;
        int endY = Math.max(y.get(send) + 12, y.get(e));
        String color = color(m);
        svg.line(from, y.get(send), endX, endY, color, 1.4, "4,3", null, "drop");
        svg.cross(endX, endY, 5, RED, "drop-mark");
        svg.haloText(endX + direction * 8, endY + 4, m.caption() + " dropped", RED, "drop-label",
                direction > 0 ? "start" : "end", 10, false);
    }

    private void marks() {
        Map<TraceLine, Integer> rollbacksTo = new HashMap<>();
        for (TraceLine e : events) {
            ProtocolEvent p = facts.protocol.get(e);
            if (p == null) {
                continue;
            }
            int cx = x(e);
            int cy = y.get(e);
            String label = null;
            String second = null;
            String color = "#212121";
            boolean undone = facts.undone.contains(e);
            if (p instanceof ProtocolEvent.TentativeCheckpoint t) {
                svg.checkpointBox(cx, cy, "tentative", "checkpoint-tentative");
                label = "tentative " + t.instance();
                second = startedBy(e, t.instance());
                color = ORANGE;
            } else if (p instanceof ProtocolEvent.PermanentCheckpoint c) {
                svg.checkpointBox(cx, cy, "permanent", "checkpoint-permanent");
                label = "checkpoint " + c.instance();
                second = startedBy(e, c.instance());
                color = GREEN;
            } else if (p instanceof ProtocolEvent.CheckpointAborted a) {
                svg.checkpointBox(cx, cy, "aborted", "checkpoint-aborted");
                label = "aborted " + a.instance();
                color = GREY;
            } else if (p instanceof ProtocolEvent.RolledBack r) {
                rollback(e, rollbacksTo);
                label = "rollback to " + r.checkpoint();
                second = "instance " + r.instance() + ", started by " + TraceFacts.initiator(r.instance());
                color = RED;
            } else if (p instanceof ProtocolEvent.Crash) {
                svg.cross(cx, cy, 9, RED, "crash");
                label = "crash";
                color = RED;
            } else if (p instanceof ProtocolEvent.Recovery r) {
                svg.ring(cx, cy, 8, GREEN, 3, "recovery");
                label = "recovered from " + r.checkpoint();
                color = GREEN;
            } else if (p instanceof ProtocolEvent.Start) {
                svg.dot(cx, cy, 4, "#616161", "start");
                label = facts.of(e.host()).get(0) == e ? "start" : "restart";
                color = "#616161";
            } else if (p instanceof ProtocolEvent.Resume) {
                svg.dot(cx, cy, 4, GREEN, "resume");
                label = "resumed after quit";
                color = GREEN;
            } else if (p instanceof ProtocolEvent.Quit) {
                svg.line(cx - 10, cy, cx + 10, cy, "#212121", 3, null, null, "quit");
                label = "quit";
            } else if (p instanceof ProtocolEvent.TransferSent || p instanceof ProtocolEvent.TransferReceived) {
                svg.dot(cx, cy, 4, undone ? UNDONE : BLUE, (p instanceof ProtocolEvent.TransferSent ? "transfer-sent"
                        : "transfer-received") + (undone ? " undone" : ""));
                if (undone) {
                    label = "undone";
                    color = UNDONE;
                }
            } else if (p instanceof ProtocolEvent.LostTransfer) {
                svg.dot(cx, cy, 4, undone ? UNDONE : RED, "lost-transfer" + (undone ? " undone" : ""));
            } else if (p instanceof ProtocolEvent.Opened o) {
                svg.dot(cx, cy, 4, "#455a64", "bank-event");
                label = "open " + o.name() + " " + o.balance();
            } else if (p instanceof ProtocolEvent.CohortFormed f) {
                svg.dot(cx, cy, 4, "#455a64", "bank-event");
                label = "cohort " + f.id() + ": " + String.join(", ", f.members());
            } else if (p instanceof ProtocolEvent.CohortDeleted d) {
                svg.dot(cx, cy, 4, "#455a64", "bank-event");
                label = "cohort " + d.id() + " deleted";
            } else if (p instanceof ProtocolEvent.Exited x) {
                svg.dot(cx, cy, 4, "#455a64", "bank-event");
                label = "exit " + x.name();
            }
            if (label != null) {
                svg.haloText(cx + 14, cy + 4, label, color, "event-label" + (undone ? " undone" : ""), "start", 12, undone);
            }
            if (second != null) {
                svg.haloText(cx + 14, cy + 17, second, color, "instance-label", "start", 10, false);
            }
        }
    }

    /** "started by X" when another process started the instance this event belongs to. */
    private static String startedBy(TraceLine e, String instance) {
        String initiator = TraceFacts.initiator(instance);
        return initiator.equals(e.host()) ? null : "started by " + initiator;
    }

    /** The curve back up to the checkpoint restored; a second rollback to it gets its own curve and arrowhead. */
    private void rollback(TraceLine e, Map<TraceLine, Integer> rollbacksTo) {
        TraceLine target = facts.restoredFrom.getOrDefault(e, facts.of(e.host()).get(0));
        int nth = rollbacksTo.merge(target, 1, Integer::sum) - 1;
        int cx = x(e);
        int from = y.get(e);
        int to = y.get(target) + 9 + 7 * nth;
        int bulge = 38 + 16 * nth + Math.min(40, (from - to) / 12);
        svg.path(String.format(Locale.ROOT, "M%d,%d C%d,%d %d,%d %d,%d", cx - 6, from, cx - bulge, from, cx - bulge, to,
                cx - 9 - 3 * nth, to), RED, 2.2, null, "arrow-red", "rollback");
    }

}
