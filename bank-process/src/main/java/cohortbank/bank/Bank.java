package cohortbank.bank;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The bank's rules (DESIGN §2) as a state machine: the registry of customers and cohorts.
 *
 * <p>A request goes in as body tokens ({@code open alice 100 127.0.0.1 8501 8502}); exactly one
 * {@link Reply} comes out through the answer callback, now or, for {@code new-cohort}, once
 * every member has acknowledged. The bank touches the world only through the injected
 * {@link TableStore} (every change is durable before its SUCCESS is answered), {@link Notifier}
 * (requests to customers) and a log line consumer; it owns no socket, file, thread or clock.
 * Any failure leaves the table exactly as it was.
 *
 * <p>Not thread-safe: call it, and let its callbacks run, on one event loop only.
 */
public final class Bank {

    /** Commands a customer (or a person with {@code nc -u}) can send, in help order. */
    public static final List<String> COMMANDS =
            List.of("open", "new-cohort", "delete-cohort", "exit", "report-balance", "cohort-of");

    static final String OPEN_USAGE = "open <name> <balance> <ipv4> <port1> <port2>";
    static final String NEW_COHORT_USAGE = "new-cohort <name> <n>";
    static final String DELETE_COHORT_USAGE = "delete-cohort <name>";
    static final String EXIT_USAGE = "exit <name>";
    static final String REPORT_USAGE = "report-balance <name> <balance> <seq>";
    static final String COHORT_OF_USAGE = "cohort-of <name>";

    /** Largest cohort: its {@code cohort-formed} message, with each member's key, must fit in one datagram. */
    public static final int MAX_COHORT_SIZE = 64;

    private final TableStore store;
    private final Notifier notifier;
    private final Random random;
    private final Consumer<String> log;

    private BankTable table;
    private int lastCohortId;
    /** Customers being asked to join a cohort that is not recorded yet, by name: the cohort id. */
    private final Map<String, Integer> reserved = new HashMap<>();
    /** The seq of the last balance report applied, per customer; memory only. */
    private final Map<String, Long> lastReportSeq = new HashMap<>();

    /**
     * @param table  the table as read at start
     * @param random picks cohort members; seed it for reproducible choices
     * @param log    receives one line per state change and per notification outcome
     */
    public Bank(BankTable table, TableStore store, Notifier notifier, Random random, Consumer<String> log) {
        this.table = table;
        this.store = store;
        this.notifier = notifier;
        this.random = random;
        this.log = log;
        this.lastCohortId = table.largestCohortId();
    }

    /** The table as it is now (every row in it is durable). */
    public BankTable table() {
        return table;
    }

    /** Names of customers currently reserved by a cohort being formed. */
    public Set<String> reserved() {
        return Set.copyOf(reserved.keySet());
    }

    /**
     * Handles one request; {@code answer} is called exactly once, possibly later (on the same
     * event loop) for {@code new-cohort}.
     */
    public void handle(List<String> body, Consumer<Reply> answer) {
        if (body.isEmpty()) {
            answer.accept(Reply.failure("empty message"));
            return;
        }
        String verb = body.get(0);
        List<String> args = body.subList(1, body.size());
        try {
            switch (verb) {
                case "open" -> answer.accept(open(args));
                case "new-cohort" -> newCohort(args, answer);
                case "delete-cohort" -> answer.accept(deleteCohort(args));
                case "exit" -> answer.accept(exit(args));
                case "report-balance" -> answer.accept(reportBalance(args));
                case "cohort-of" -> answer.accept(cohortOf(args));
                default -> answer.accept(Reply.failure("unknown command '" + verb + "'; known: "
                        + String.join(", ", COMMANDS)));
            }
        } catch (MalformedMessageException | Refusal e) {
            answer.accept(Reply.failure(e.getMessage()));
        }
    }

    private Reply open(List<String> args)
            throws MalformedMessageException, Refusal {
        Args a = Args.exactly("open", args, OPEN_USAGE);
        String name = a.name("name");
        Money balance = a.balance("balance");
        String ip = a.ipv4("ipv4");
        int port1 = a.port("port1");
        int port2 = a.port("port2");
        if (port1 == port2) {
            throw a.fail("port1 and port2 must differ, both are " + port1);
        }
        Optional<CustomerRecord> existing = table.find(name);
        if (existing.isPresent() && existing.get().active()) {
            CustomerRecord c = existing.get();
            if (c.ip().equals(ip) && c.port1() == port1 && c.port2() == port2) {
                // A retransmission the dedup cache no longer knows (e.g. across a bank restart).
                return Reply.success("opened " + describe(c) + " (already open)");
            }
            return Reply.failure("open: customer '" + name + "' already exists at "
                    + c.ip() + ":" + c.port1() + "/" + c.port2());
        }
        for (CustomerRecord other : table.active()) {
            if (other.usesAnyPort(ip, port1, port2)) {
                return Reply.failure("open: address " + ip + " port " + port1 + " or " + port2
                        + " already used by customer '" + other.name() + "' ("
                        + other.ip() + ":" + other.port1() + "/" + other.port2() + ")");
            }
        }
        CustomerRecord opened = CustomerRecord.opened(name, balance, ip, port1, port2);
        save(table.with(opened), "open");
        lastReportSeq.remove(name); // a re-opened customer starts a new life of reports
        return changed("opened " + describe(opened));
    }

    private void newCohort(List<String> args, Consumer<Reply> answer)
            throws MalformedMessageException, Refusal {
        Args a = Args.exactly("new-cohort", args, NEW_COHORT_USAGE);
        String name = a.name("name");
        int n = (int) a.number("n", 2, MAX_COHORT_SIZE);
        CustomerRecord founder = activeCustomer("new-cohort", name);
        refuseIfReserved("new-cohort", name);
        if (founder.inCohort()) {
            throw new Refusal("new-cohort: " + name + " is already in cohort "
                    + founder.cohort() + "; delete it first");
        }
        List<CustomerRecord> free = table.active().stream()
                .filter(c -> !c.name().equals(name) && !c.inCohort() && !reserved.containsKey(c.name()))
                .sorted(Comparator.comparing(CustomerRecord::name))
                .collect(Collectors.toCollection(ArrayList::new));
        if (free.size() < n - 1) {
            throw new Refusal("new-cohort: a cohort of " + n + " needs " + (n - 1)
                    + " other active customers in no cohort, but there " + (free.size() == 1 ? "is " : "are ")
                    + free.size() + (free.isEmpty() ? "" : " (" + names(free) + ")"));
        }
        Collections.shuffle(free, random);
        List<CustomerRecord> members = new ArrayList<>(free.subList(0, n - 1));
        members.add(founder);
        members.sort(Comparator.comparing(CustomerRecord::name));
        new Formation(++lastCohortId, members, answer).start();
    }

    /** One cohort being formed: members reserved, each asked to acknowledge. */
    private final class Formation {
        final int id;
        final List<CustomerRecord> members;
        final Consumer<Reply> answer;
        final Map<String, Reply> replies = new LinkedHashMap<>();

        Formation(int id, List<CustomerRecord> members, Consumer<Reply> answer) {
            this.id = id;
            this.members = members;
            this.answer = answer;
        }

        void start() {
            members.forEach(m -> reserved.put(m.name(), id));
            log.accept("forming cohort " + id + ": " + peerList(members));
            List<String> body = new ArrayList<>(List.of("cohort-formed", String.valueOf(id)));
            members.forEach(m -> body.add(m.peerAddress()));
            for (CustomerRecord m : members) {
                notifier.request(m.bankEndpoint(), body, reply -> acknowledged(m.name(), reply));
            }
        }

        void acknowledged(String member, Reply reply) {
            log.accept("cohort " + id + ": " + member + " answered " + reply.line());
            replies.put(member, reply);
            if (replies.size() < members.size()) {
                return;
            }
            members.forEach(m -> reserved.remove(m.name()));
            List<String> missing = members.stream().map(CustomerRecord::name)
                    .filter(m -> !replies.get(m).success()).toList();
            if (!missing.isEmpty()) {
                abandon("new-cohort: " + missing.stream()
                        .map(m -> m + " did not acknowledge (" + replies.get(m).line() + ")")
                        .collect(Collectors.joining("; ")) + "; nothing recorded");
                return;
            }
            // Members may have reported balances meanwhile: build on the table as it is now.
            List<CustomerRecord> joined = members.stream()
                    .map(m -> table.find(m.name()).orElseThrow().withCohort(id)).toList();
            try {
                save(table.withAll(joined), "new-cohort");
            } catch (Refusal e) {
                abandon(e.getMessage());
                return;
            }
            log.accept("recorded cohort " + id + ": " + peerList(joined));
            answer.accept(Reply.success("cohort " + id + ": " + peerList(joined)));
        }

        /** Records nothing, makes the members that joined drop the cohort, and answers {@code failure}. */
        void abandon(String failure) {
            log.accept("cohort " + id + " not formed: " + failure);
            for (CustomerRecord m : members) {
                if (replies.get(m.name()).success()) {
                    tellDeleted(m, id);
                }
            }
            answer.accept(Reply.failure(failure));
        }
    }

    private Reply deleteCohort(List<String> args)
            throws MalformedMessageException, Refusal {
        Args a = Args.exactly("delete-cohort", args, DELETE_COHORT_USAGE);
        String name = a.name("name");
        CustomerRecord c = knownCustomer("delete-cohort", name);
        refuseIfReserved("delete-cohort", name);
        if (!c.inCohort()) {
            return Reply.failure("delete-cohort: " + name + " is not in a cohort");
        }
        int id = c.cohort();
        List<CustomerRecord> members = table.members(id);
        save(table.withAll(members.stream().map(m -> m.withCohort(CustomerRecord.NO_COHORT)).toList()),
                "delete-cohort");
        members.forEach(m -> tellDeleted(m, id));
        return changed("deleted cohort " + id + " (" + names(members) + ")");
    }

    private void tellDeleted(CustomerRecord member, int id) {
        notifier.request(member.bankEndpoint(), List.of("cohort-deleted", String.valueOf(id)),
                reply -> log.accept("cohort-deleted " + id + " to " + member.name() + ": " + reply.line()));
    }

    private Reply exit(List<String> args)
            throws MalformedMessageException, Refusal {
        Args a = Args.exactly("exit", args, EXIT_USAGE);
        String name = a.name("name");
        CustomerRecord c = activeCustomer("exit", name);
        refuseIfReserved("exit", name);
        if (c.inCohort()) {
            return Reply.failure("exit: " + name + " is in cohort " + c.cohort() + "; delete the cohort first");
        }
        save(table.with(c.asExited()), "exit");
        return changed(name + " exited");
    }

    private Reply reportBalance(List<String> args)
            throws MalformedMessageException, Refusal {
        Args a = Args.exactly("report-balance", args, REPORT_USAGE);
        String name = a.name("name");
        Money balance = a.balance("balance");
        long seq = a.number("seq", 1, Long.MAX_VALUE);
        CustomerRecord c = activeCustomer("report-balance", name);
        long last = lastReportSeq.getOrDefault(name, 0L);
        if (seq <= last) {
            return Reply.success("balance of " + name + " unchanged at " + c.balance()
                    + " (report " + seq + " is not newer than " + last + ")");
        }
        save(table.with(c.withBalance(balance)), "report-balance");
        lastReportSeq.put(name, seq);
        return changed("balance of " + name + " is " + balance + " (report " + seq + ")");
    }

    private Reply cohortOf(List<String> args)
            throws MalformedMessageException, Refusal {
        Args a = Args.exactly("cohort-of", args, COHORT_OF_USAGE);
        String name = a.name("name");
        CustomerRecord c = knownCustomer("cohort-of", name);
        if (!c.inCohort()) {
            return Reply.success("cohort none");
        }
        return Reply.success("cohort " + c.cohort() + " " + peerList(table.members(c.cohort())));
    }

    private CustomerRecord knownCustomer(String verb, String name) throws Refusal {
        return table.find(name).orElseThrow(
                () -> new Refusal(verb + ": unknown customer '" + name + "'"));
    }

    private CustomerRecord activeCustomer(String verb, String name) throws Refusal {
        CustomerRecord c = knownCustomer(verb, name);
        if (c.exited()) {
            throw new Refusal(verb + ": customer '" + name + "' has exited");
        }
        return c;
    }

    private void refuseIfReserved(String verb, String name) throws Refusal {
        Integer forming = reserved.get(name);
        if (forming != null) {
            throw new Refusal(verb + ": " + name + " is busy forming cohort "
                    + forming + ", retry");
        }
    }

    /** Makes {@code next} durable and adopts it; when that fails the table stays as it was. */
    private void save(BankTable next, String verb) throws Refusal {
        try {
            store.save(next);
        } catch (IOException | RuntimeException e) {
            log.accept(verb + ": could not save the table: " + e);
            throw new Refusal(verb + ": could not write the bank's data file (" + e.getMessage() + "); nothing changed");
        }
        table = next;
    }

    /** Logs a change that is now durable and answers it. */
    private Reply changed(String what) {
        log.accept(what);
        return Reply.success(what);
    }

    private static String describe(CustomerRecord c) {
        return c.name() + " balance " + c.balance() + " at " + c.ip() + ":" + c.port1() + "/" + c.port2();
    }

    private static String names(List<CustomerRecord> customers) {
        return customers.stream().map(CustomerRecord::name).collect(Collectors.joining(", "));
    }

    private static String peerList(List<CustomerRecord> members) {
        return members.stream().map(CustomerRecord::peerAddress).collect(Collectors.joining(" "));
    }

    /** A request that is well formed but breaks a rule; its message is the FAILURE reason. */
    private static final class Refusal extends Exception {
        Refusal(String reason) {
            super(reason);
        }
    }
}
