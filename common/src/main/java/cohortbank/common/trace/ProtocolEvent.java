package cohortbank.common.trace;

import cohortbank.common.money.Money;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happened in a process, beyond its datagrams: the events a trace records and a space-time
 * diagram draws. Customers and the bank report them; the {@link Tracer} itself adds
 * {@link Start} and {@link Crash}.
 *
 * <p>Each event has one text form, {@code <kind> key=value ...} with values that hold no
 * spaces ({@link #text()}), and {@link #parse} reads it back.
 */
public sealed interface ProtocolEvent {

    /** The event as a trace line's text. */
    String text();

    /** The process started (or restarted) tracing. */
    record Start() implements ProtocolEvent {
        public String text() {
            return "start";
        }
    }

    /** Found at restart: the previous run did not end with a clean quit. */
    record Crash() implements ProtocolEvent {
        public String text() {
            return "crash";
        }
    }

    /** A clean end of the process. */
    record Quit() implements ProtocolEvent {
        public String text() {
            return "quit";
        }
    }

    /** A restarted customer restored a checkpoint and is recovering from a crash. */
    record Recovery(String checkpoint) implements ProtocolEvent {
        public String text() {
            return "recovery from=" + checkpoint;
        }
    }

    /** A restarted customer resumed the state a clean quit saved. */
    record Resume() implements ProtocolEvent {
        public String text() {
            return "resume";
        }
    }

    record TransferSent(String to, Money amount, long label) implements ProtocolEvent {
        public String text() {
            return "transfer-sent to=" + to + " amount=" + amount + " label=" + label;
        }
    }

    record TransferReceived(String from, Money amount, long label) implements ProtocolEvent {
        public String text() {
            return "transfer-received from=" + from + " amount=" + amount + " label=" + label;
        }
    }

    /** Booked as sent, never handed to the network. */
    record LostTransfer(String to, Money amount, long label) implements ProtocolEvent {
        public String text() {
            return "lost-transfer to=" + to + " amount=" + amount + " label=" + label;
        }
    }

    record TentativeCheckpoint(String instance) implements ProtocolEvent {
        public String text() {
            return "checkpoint-tentative id=" + instance;
        }
    }

    /** A checkpoint made permanent: a committed instance, or joining a cohort. */
    record PermanentCheckpoint(String instance) implements ProtocolEvent {
        public String text() {
            return "checkpoint-permanent id=" + instance;
        }
    }

    record CheckpointAborted(String instance) implements ProtocolEvent {
        public String text() {
            return "checkpoint-aborted id=" + instance;
        }
    }

    /** Rollback instance {@code instance} restored permanent checkpoint {@code checkpoint}. */
    record RolledBack(String instance, String checkpoint) implements ProtocolEvent {
        public String text() {
            return "rollback id=" + instance + " to=" + checkpoint;
        }
    }

    record Opened(String name, Money balance) implements ProtocolEvent {
        public String text() {
            return "open name=" + name + " balance=" + balance;
        }
    }

    record CohortFormed(long id, List<String> members) implements ProtocolEvent {
        public CohortFormed {
            members = List.copyOf(members);
        }

        public String text() {
            return "cohort-formed id=" + id + " members=" + String.join(",", members);
        }
    }

    record CohortDeleted(long id) implements ProtocolEvent {
        public String text() {
            return "cohort-deleted id=" + id;
        }
    }

    record Exited(String name) implements ProtocolEvent {
        public String text() {
            return "exit name=" + name;
        }
    }

    /**
     * The datagram sent as event {@code of} ({@code host:number}, or {@code ?} when it carried no
     * clock) never reached {@code to}: see {@link cohortbank.common.net.FaultObserver#dropped}
     * for {@code why}.
     */
    record Dropped(String of, String to, String why) implements ProtocolEvent {
        public String text() {
            return "drop of=" + of + " to=" + to + " why=" + why;
        }
    }

    /** The datagram sent as event {@code of} went to {@code to} twice. */
    record Duplicated(String of, String to) implements ProtocolEvent {
        public String text() {
            return "duplicate of=" + of + " to=" + to;
        }
    }

    /** Reads {@link #text()}'s form back; empty for any other text (datagram events, say). */
    static Optional<ProtocolEvent> parse(String text) {
        String[] words = text.strip().split(" +");
        Map<String, String> v = new HashMap<>();
        for (String word : Arrays.asList(words).subList(1, words.length)) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            v.put(word.substring(0, eq), word.substring(eq + 1));
        }
        try {
            ProtocolEvent e = switch (words[0]) {
                case "start" -> new Start();
                case "crash" -> new Crash();
                case "quit" -> new Quit();
                case "resume" -> new Resume();
                case "recovery" -> new Recovery(need(v, "from"));
                case "transfer-sent" -> new TransferSent(need(v, "to"), Money.parse(need(v, "amount")),
                        Long.parseLong(need(v, "label")));
                case "transfer-received" -> new TransferReceived(need(v, "from"), Money.parse(need(v, "amount")),
                        Long.parseLong(need(v, "label")));
                case "lost-transfer" -> new LostTransfer(need(v, "to"), Money.parse(need(v, "amount")),
                        Long.parseLong(need(v, "label")));
                case "checkpoint-tentative" -> new TentativeCheckpoint(need(v, "id"));
                case "checkpoint-permanent" -> new PermanentCheckpoint(need(v, "id"));
                case "checkpoint-aborted" -> new CheckpointAborted(need(v, "id"));
                case "rollback" -> new RolledBack(need(v, "id"), need(v, "to"));
                case "open" -> new Opened(need(v, "name"), Money.parse(need(v, "balance")));
                case "cohort-formed" -> new CohortFormed(Long.parseLong(need(v, "id")),
                        Arrays.asList(need(v, "members").split(",")));
                case "cohort-deleted" -> new CohortDeleted(Long.parseLong(need(v, "id")));
                case "exit" -> new Exited(need(v, "name"));
                case "drop" -> new Dropped(need(v, "of"), need(v, "to"), need(v, "why"));
                case "duplicate" -> new Duplicated(need(v, "of"), need(v, "to"));
                default -> null;
            };
            return Optional.ofNullable(e);
        } catch (IllegalArgumentException bad) { // includes NumberFormatException
            return Optional.empty();
        }
    }

    private static String need(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }
}
