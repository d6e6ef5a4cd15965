package cohortbank.common.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a merged trace says happened, worked out once for {@link SpaceTimeSvg}: which receive
 * got which send, what each datagram was ({@link Message}), which transfer datagram carried
 * each applied transfer, which transfer datagrams were re-sends, which receipts were
 * duplicates, and which money events a later rollback or crash recovery undid.
 *
 * <p>Send lines read {@code send to=<endpoint> msg=<text>}, receive lines
 * {@code recv of=<host>:<number> from=<endpoint> msg=<text>}; {@code of} names the send event
 * the datagram's clock header came from, so a receive finds its send exactly.
 */
final class TraceFacts {

    final List<TraceLine> events;
    final Map<TraceLine, ProtocolEvent> protocol = new HashMap<>();
    /** Send events by {@code host:number}. */
    final Map<String, TraceLine> sends = new HashMap<>();
    /** Every send and receive, and what it carried. */
    final Map<TraceLine, Message> messages = new HashMap<>();
    /** Each receive whose send is in the trace, and that send. */
    final Map<TraceLine, TraceLine> sendOf = new LinkedHashMap<>();
    /** Receives of a datagram already received once. */
    final Set<TraceLine> duplicateReceipts = new HashSet<>();
    /** Which host listens at an endpoint, as the receives show. */
    final Map<String, String> hostAt = new HashMap<>();
    /** The receive that carried each applied transfer ({@link ProtocolEvent.TransferReceived}), and back. */
    final Map<TraceLine, TraceLine> carriedBy = new HashMap<>();
    final Map<TraceLine, TraceLine> applied = new HashMap<>();
    /** Transfer datagrams that repeat one sent before: after a crash, a rollback, a loss, or no ack yet. */
    final Set<TraceLine> resends = new HashSet<>();
    /** Money events (transfers sent, received or lost) that a later rollback or recovery undid. */
    final Set<TraceLine> undone = new HashSet<>();
    /** For each rollback or recovery, the event of its host where the restored checkpoint was taken (or restored). */
    final Map<TraceLine, TraceLine> restoredFrom = new HashMap<>();

    private final Map<String, List<TraceLine>> byHost = new LinkedHashMap<>();

    private TraceFacts(List<TraceLine> events) {
        this.events = events;
    }

    static TraceFacts read(List<TraceLine> events) {
        TraceFacts facts = new TraceFacts(events);
        facts.datagrams();
        facts.transfers();
        facts.undone();
        return facts;
    }

    /** {@code send to=} of a send line. */
    static String to(TraceLine send) {
        return field(send.text(), "to");
    }

    /** {@code msg=}: the rest of a send or receive line. */
    static String msg(TraceLine e) {
        int at = e.text().indexOf(" msg=");
        return at < 0 ? "" : e.text().substring(at + 5);
    }

    private static String field(String text, String key) {
        for (String word : text.split(" ")) {
            if (word.startsWith(key + "=")) {
                return word.substring(key.length() + 1);
            }
            if (word.startsWith("msg=")) {
                break;
            }
        }
        return "";
    }

    static boolean isSend(TraceLine e) {
        return e.text().startsWith("send ");
    }

    static boolean isReceive(TraceLine e) {
        return e.text().startsWith("recv ");
    }

    /** The host an instance id ({@code alice:3}) names as its initiator. */
    static String initiator(String instance) {
        int colon = instance.lastIndexOf(':');
        return colon > 0 ? instance.substring(0, colon) : instance;
    }

    private void datagrams() {
        Map<String, Message> requests = new HashMap<>();
        Set<TraceLine> received = new HashSet<>();
        for (TraceLine e : events) {
            byHost.computeIfAbsent(e.host(), h -> new ArrayList<>()).add(e);
            ProtocolEvent.parse(e.text()).ifPresent(p -> protocol.put(e, p));
            if (isSend(e)) {
                Message m = Message.of(msg(e), requests);
                String id = Message.header(msg(e), "id");
                if (id != null) {
                    requests.put(id, m);
                }
                sends.put(e.host() + ":" + e.number(), e);
                messages.put(e, m);
            } else if (isReceive(e)) {
                TraceLine send = sends.get(field(e.text(), "of"));
                messages.put(e, send != null ? messages.get(send) : Message.of(msg(e), requests));
                if (send != null) {
                    sendOf.put(e, send);
                    hostAt.put(to(send), e.host());
                    hostAt.put(field(e.text(), "from"), send.host());
                    if (!received.add(send)) {
                        duplicateReceipts.add(e);
                    }
                }
            }
        }
    }

    private void transfers() {
        for (TraceLine e : events) {
            if (protocol.get(e) instanceof ProtocolEvent.TransferReceived r) {
                String prefix = "transfer " + r.from() + " " + r.label() + " ";
                latestBefore(e, e.host(), o -> isReceive(o) && Message.body(msg(o)).startsWith(prefix)).ifPresent(recv -> {
                    carriedBy.put(e, recv);
                    applied.put(recv, e);
                });
            }
        }
        for (TraceLine e : events) {
            if (!isSend(e) || messages.get(e).kind() != Message.Kind.TRANSFER) {
                continue;
            }
            String[] w = Message.body(msg(e)).split(" ");
            if (w.length < 3) {
                continue;
            }
            String label = w[2];
            // The original send comes right after its booking, before any other send of the label.
            Optional<TraceLine> latest = latestBefore(e, e.host(), o -> bookedLabel(o).equals(label)
                    || (isSend(o) && sendsLabel(o, label)));
            boolean original = latest.isPresent() && protocol.get(latest.get()) instanceof ProtocolEvent.TransferSent;
            if (!original) {
                resends.add(e);
            }
        }
    }

    /** The label a money event booked ({@code transfer-sent} or {@code lost-transfer}), or "". */
    private String bookedLabel(TraceLine e) {
        ProtocolEvent p = protocol.get(e);
        if (p instanceof ProtocolEvent.TransferSent s) {
            return Long.toString(s.label());
        }
        if (p instanceof ProtocolEvent.LostTransfer l) {
            return Long.toString(l.label());
        }
        return "";
    }

    private boolean sendsLabel(TraceLine send, String label) {
        String[] w = Message.body(msg(send)).split(" ");
        return w.length > 2 && w[0].equals("transfer") && w[2].equals(label);
    }

    private void undone() {
        for (TraceLine e : events) {
            ProtocolEvent p = protocol.get(e);
            String checkpoint = p instanceof ProtocolEvent.RolledBack r ? r.checkpoint()
                    : p instanceof ProtocolEvent.Recovery r ? r.checkpoint() : null;
            if (checkpoint == null) {
                continue;
            }
            // Back to where this host last was at that checkpoint: taking it, or restoring it.
            Optional<TraceLine> from = latestBefore(e, e.host(), o -> restores(protocol.get(o), checkpoint));
            from.ifPresent(f -> restoredFrom.put(e, f));
            boolean inside = from.isEmpty();
            for (TraceLine o : byHost.get(e.host())) {
                if (o == e) {
                    break;
                }
                if (inside && isMoney(protocol.get(o))) {
                    undone.add(o);
                }
                if (from.isPresent() && o == from.get()) {
                    inside = true;
                }
            }
        }
    }

    private static boolean restores(ProtocolEvent p, String checkpoint) {
        return p instanceof ProtocolEvent.PermanentCheckpoint c && c.instance().equals(checkpoint)
                || p instanceof ProtocolEvent.RolledBack r && r.checkpoint().equals(checkpoint)
                || p instanceof ProtocolEvent.Recovery r && r.checkpoint().equals(checkpoint);
    }

    private static boolean isMoney(ProtocolEvent p) {
        return p instanceof ProtocolEvent.TransferSent || p instanceof ProtocolEvent.TransferReceived
                || p instanceof ProtocolEvent.LostTransfer;
    }

    /** Whether the transfer a datagram send carried was booked by a money event that was later undone. */
    boolean sendUndone(TraceLine send) {
        String[] w = Message.body(msg(send)).split(" ");
        if (w.length < 3) {
            return false;
        }
        return latestBefore(send, send.host(), o -> bookedLabel(o).equals(w[2])).map(undone::contains).orElse(false);
    }

    /** The latest event of {@code host} before {@code e} in the merged order that matches. */
    Optional<TraceLine> latestBefore(TraceLine e, String host, Predicate<TraceLine> match) {
        TraceLine found = null;
        for (TraceLine o : byHost.getOrDefault(host, List.of())) {
            if (o == e) {
                break;
            }
            if (match.test(o)) {
                found = o;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Every event of {@code host}, in order. */
    List<TraceLine> of(String host) {
        return byHost.getOrDefault(host, List.of());
    }
}
