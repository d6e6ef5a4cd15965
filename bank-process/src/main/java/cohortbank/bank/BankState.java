package cohortbank.bank;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Args;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the bank must remember that data.csv's seven columns cannot hold: the highest cohort id
 * it ever issued (ids are never reused, across restarts too), the last balance report applied
 * per customer (so that a report delayed across a restart never overwrites a newer balance),
 * and its unfinished cohort operations ({@link Intent}s), which a restarted bank finishes or
 * cancels. Kept in a sidecar file next to data.csv (see docs/PROTOCOL.md for the format).
 *
 * <p>Immutable: every change makes a new state, which the bank makes durable before it acts
 * on it.
 */
public record BankState(int lastCohortId, Map<String, Report> reports, List<Intent> intents) {

    /** The last balance report applied for one customer: its sequence number and balance. */
    public record Report(long seq, Money balance) {
        public Report {
            Objects.requireNonNull(balance, "balance");
            if (seq < 1) {
                throw new IllegalArgumentException("bad report seq " + seq);
            }
        }
    }

    /** What an unfinished cohort operation was doing. */
    public enum Kind {
        /** Members were asked to join cohort {@code id}; it is recorded in data.csv once all agreed. */
        FORMING,
        /** Members were asked to freeze and drain cohort {@code id}; data.csv drops it once all drained. */
        DELETING;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One unfinished cohort operation: what, which cohort, and every member it concerns. */
    public record Intent(Kind kind, int cohort, List<String> members) {
        public Intent {
            Objects.requireNonNull(kind, "kind");
            members = List.copyOf(members);
            if (cohort < 1 || members.size() < 2) {
                throw new IllegalArgumentException("bad intent " + kind + " " + cohort + " " + members);
            }
        }
    }

    public BankState {
        if (lastCohortId < 0) {
            throw new IllegalArgumentException("bad last cohort id " + lastCohortId);
        }
        reports = ReportMap.of(reports); // immutable, iterated in name order
        intents = List.copyOf(intents);
    }

    /** The state of a bank that never did anything. */
    public static BankState initial() {
        return new BankState(0, ReportMap.empty(), List.of());
    }

    public BankState withLastCohortId(int id) {
        return new BankState(id, reports, intents);
    }

    /** With {@code name}'s last report set to {@code report}, or forgotten when it is null. */
    public BankState withReport(String name, Report report) {
        return new BankState(lastCohortId, ReportMap.of(reports).with(name, report), intents);
    }

    public BankState withIntent(Intent intent) {
        List<Intent> next = new ArrayList<>(intents);
        next.add(intent);
        return new BankState(lastCohortId, reports, next);
    }

    public BankState without(Intent intent) {
        List<Intent> next = new ArrayList<>(intents);
        next.remove(intent);
        return new BankState(lastCohortId, reports, next);
    }

    /** The file's text: one fact per line, in a fixed order, so equal states write equal bytes. */
    public byte[] encode() {
        StringBuilder out = new StringBuilder(lastCohortIdLine(lastCohortId)).append('\n');
        reports.forEach((name, r) -> out.append(reportLine(name, r)).append('\n'));
        for (Intent i : intents) {
            out.append(intentLine("intent", i)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    // One fact as a line of the file, also a change in the bank's journal (BankJournal).
    static String lastCohortIdLine(int id) {
        return "last-cohort-id " + id;
    }

    static String reportLine(String name, Report r) {
        return "report " + name + " " + r.seq() + " " + r.balance();
    }

    /** A journal change only: {@code name}'s last report is forgotten. */
    static String reportForgottenLine(String name) {
        return "report-forgotten " + name;
    }

    /** {@code word} is {@code intent}, or in the journal {@code intent-settled} for an operation that ended. */
    static String intentLine(String word, Intent i) {
        return word + " " + i.kind().word() + " " + i.cohort() + " " + String.join(" ", i.members());
    }

    /**
     * This state with one journal change applied: a line as {@link #encode} writes it, or
     * {@code report-forgotten <name>}, or {@code intent-settled ...}. Every change sets a fact
     * (adding an intent already there, or removing one that is not, changes nothing), so a
     * journal replayed over a state that already holds some of its changes ends the same.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code line}
     */
    BankState apply(String line) {
        String[] f = line.split(" ", -1);
        return switch (f[0]) {
            case "last-cohort-id" -> {
                expect(f, 2);
                yield withLastCohortId(Math.max(lastCohortId, (int) number(f[1], Integer.MAX_VALUE)));
            }
            case "report" -> {
                expect(f, 4);
                yield withReport(name(f[1]), new Report(number(f[2], Long.MAX_VALUE), Money.parseNonNegative(f[3])));
            }
            case "report-forgotten" -> {
                expect(f, 2);
                yield withReport(name(f[1]), null);
            }
            case "intent" -> {
                Intent i = intent(f);
                yield intents.contains(i) ? this : withIntent(i);
            }
            case "intent-settled" -> without(intent(f));
            default -> throw new IllegalArgumentException("unknown change '" + line + "'");
        };
    }

    /**
     * Reads {@link #encode}'s text strictly.
     *
     * @param file names the file in error messages
     * @throws BankDataException naming file, line and problem
     */
    public static BankState parse(String file, byte[] bytes) throws BankDataException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int lastId = -1;
        TreeMap<String, Report> reports = new TreeMap<>();
        List<Intent> intents = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.isEmpty() && n == lines.length - 1) {
                break;
            }
            String[] f = line.split(" ", -1);
            try {
                switch (f[0]) {
                    case "last-cohort-id" -> {
                        expect(f, 2);
                        lastId = (int) number(f[1], Integer.MAX_VALUE);
                    }
                    case "report" -> {
                        expect(f, 4);
                        if (reports.put(name(f[1]), new Report(number(f[2], Long.MAX_VALUE),
                                Money.parseNonNegative(f[3]))) != null) {
                            throw new IllegalArgumentException("customer '" + f[1] + "' reported twice");
                        }
                    }
                    case "intent" -> intents.add(intent(f));
                    default -> throw new IllegalArgumentException("unknown line '" + line + "'");
                }
            } catch (IllegalArgumentException e) {
                throw new BankDataException(file + " line " + (n + 1) + ": " + e.getMessage());
            }
        }
        if (lastId < 0) {
            throw new BankDataException(file + ": missing last-cohort-id");
        }
        return new BankState(lastId, reports, intents);
    }

    /** {@code <word> <forming|deleting> <id> <member>...} */
    private static Intent intent(String[] f) {
        if (f.length < 5) {
            throw new IllegalArgumentException("expected " + f[0] + " <forming|deleting> <id> <member>...");
        }
        Kind kind = switch (f[1]) {
            case "forming" -> Kind.FORMING;
            case "deleting" -> Kind.DELETING;
            default -> throw new IllegalArgumentException("bad intent kind '" + f[1] + "'");
        };
        List<String> members = new ArrayList<>();
        for (int i = 3; i < f.length; i++) {
            members.add(name(f[i]));
        }
        return new Intent(kind, (int) number(f[2], Integer.MAX_VALUE), members);
    }

    private static void expect(String[] fields, int count) {
        if (fields.length != count) {
            throw new IllegalArgumentException("expected " + count + " fields in '" + String.join(" ", fields) + "'");
        }
    }

    private static long number(String text, long max) {
        if (!text.matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("bad number '" + text + "'");
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + text + "'");
        }
        if (value > max) {
            throw new IllegalArgumentException("number " + text + " above " + max);
        }
        return value;
    }

    private static String name(String text) {
        if (!Args.NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("bad name '" + text + "'");
        }
        return text;
    }
}
