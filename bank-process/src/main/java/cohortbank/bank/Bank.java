package cohortbank.bank;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import cohortbank.common.time.Scheduler;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankNotice;
import cohortbank.common.wire.bank.BankRequest;
import cohortbank.common.wire.bank.Drained;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The bank's rules (DESIGN §2) as a state machine: the registry of customers and cohorts.
 *
 * <p>A request goes in as a {@link BankRequest} (or its body tokens, {@code open alice 100
 * 127.0.0.1 8501 8502}, parsed by it); exactly one
 * {@link Reply} comes out through the answer callback once the change it reports is durable,
 * or, for {@code new-cohort} and {@code delete-cohort}, once every member has answered. The bank
 * touches the world only through the injected {@link BankStore} (every change is durable before
 * its SUCCESS is answered, and every cohort operation's intent before any member hears of it),
 * {@link Notifier} (requests to customers), a {@link Scheduler} (changes of one event-loop turn
 * share one durable write, {@link GroupCommit}) and a log line consumer; it owns no socket,
 * file, thread or clock. A refused request changes nothing.
 *
 * <p>Not thread-safe: call it, and let its callbacks run, on one event loop only.
 */
public final class Bank {

    private final GroupCommit commits;
    private final Notifier notifier;
    private final Random random;
    private final Consumer<String> log;
    private final Scheduler scheduler;
    /** How many times a deletion asks every member to be drained (see {@link #delete}). */
    private final int deletionRounds;
    /** How long a cohort operation may take from its request to its answer (DESIGN §2). */
    private final long operationBudgetMillis;

    private BankTable table;
    private BankState state;
    /**
     * Customers in an unfinished cohort operation (being asked to join, confirm, freeze, thaw
     * or leave), by name: the cohort id. Nothing else may change them until it ends.
     */
    private final Map<String, Integer> reserved = new HashMap<>();

    /**
     * A bank with {@link BankConfig#DEFAULTS} that rewrites data.csv on its event loop, as the
     * tests of its rules build it.
     *
     * @param contents what the store holds at start; its unfinished operations resume at {@link #resume}
     * @param random    picks cohort members; seed it for reproducible choices
     * @param scheduler the event loop: flushes a turn's changes, and rewrites data.csv after them
     * @param log       receives one line per state change and per notification outcome
     */
    public Bank(BankStore.Contents contents, BankStore store, Notifier notifier, Random random, Scheduler scheduler,
                Consumer<String> log) {
        this(contents, store, notifier, random, scheduler, Background.onLoop(scheduler), BankConfig.DEFAULTS, log);
    }

    /**
     * As above, with data.csv rewritten by {@code background} (a thread of its own in the bank
     * process; see {@link GroupCommit}), and the deletion rounds and the rewrite delay taken
     * from {@code config}.
     */
    public Bank(BankStore.Contents contents, BankStore store, Notifier notifier, Random random, Scheduler scheduler,
                Background background, BankConfig config, Consumer<String> log) {
        this.table = contents.table();
        this.state = contents.state();
        this.commits = new GroupCommit(store, scheduler, background, config.rewriteDelayMillis(),
                () -> new BankStore.Contents(table, state), durable -> {
                    table = durable.table();
                    state = durable.state();
                }, log);
        this.notifier = notifier;
        this.random = random;
        this.log = log;
        this.scheduler = scheduler;
        this.deletionRounds = config.deletionRounds();
        this.operationBudgetMillis = config.cohortOperationBudgetMillis();
        state.intents().forEach(i -> i.members().forEach(m -> reserved.put(m, i.cohort())));
    }

    /**
     * Finishes or cancels every cohort operation a previous run left unfinished, and tells the
     * members: a formation recorded in data.csv is confirmed, one not recorded is left; a
     * deletion that removed the cohort is announced, one that did not is thawed. Call once,
     * when notifications can flow.
     */
    public void resume() {
        for (BankState.Intent intent : state.intents()) {
            boolean recorded = !table.members(intent.cohort()).isEmpty();
            BankNotice.Notice notice = switch (intent.kind()) {
                case FORMING -> recorded ? BankNotice.Notice.CONFIRMED : BankNotice.Notice.DELETED;
                case DELETING -> recorded ? BankNotice.Notice.THAW : BankNotice.Notice.DELETED;
            };
            log.accept("resuming " + intent.kind().name().toLowerCase(java.util.Locale.ROOT) + " cohort "
                    + intent.cohort() + ": " + notice.verb + " to " + String.join(", ", intent.members()));
            settle(intent, notice);
        }
    }

    /** The table as it is now (every row in it is durable). */
    public BankTable table() {
        return table;
    }

    /** The sidecar state as it is now (durable). */
    public BankState state() {
        return state;
    }

    /** Names of customers currently reserved by an unfinished cohort operation. */
    public Set<String> reserved() {
        return Set.copyOf(reserved.keySet());
    }

    /**
     * Writes data.csv and its sidecar from memory now and empties the journal (at quit, so that
     * the next start reads data.csv alone).
     */
    public void rewriteFiles() {
        commits.rewriteNow();
    }

    /** Told a request's reply once it may leave, with the table as it was when the reply was decided. */
    @FunctionalInterface
    public interface Answer {
        void accept(Reply reply, BankTable decidedOn);
    }

    /**
     * Handles one request; {@code answer} is called exactly once, on the same event loop, once
     * the changes the request made (and all made before) are durable: possibly later, and for
     * {@code new-cohort} and {@code delete-cohort} once the members have answered.
     */
    public void handle(List<String> body, Consumer<Reply> answer) {
        Answer replyOnly = (reply, decidedOn) -> answer.accept(reply);
        try {
            handleDecided(BankRequest.parse(body), replyOnly);
        } catch (MalformedMessageException e) {
            refuse(e.getMessage(), replyOnly);
        }
    }

    /** Answers {@code FAILURE reason} to a request that did not parse, in turn with every other answer. */
    public void refuse(String reason, Answer answer) {
        decided(Reply.failure(reason), answer);
    }

    /**
     * As {@link #handle(List, Consumer)}, for a request already parsed, telling {@code answer}
     * the table its reply was decided on.
     */
    public void handleDecided(BankRequest request, Answer answer) {
        Consumer<Reply> reply = r -> decided(r, answer);
        try {
            if (request instanceof BankRequest.Open r) {
                reply.accept(open(r));
            } else if (request instanceof BankRequest.NewCohort r) {
                newCohort(r, reply);
            } else if (request instanceof BankRequest.DeleteCohort r) {
                deleteCohort(r, reply);
            } else if (request instanceof BankRequest.Exit r) {
                reply.accept(exit(r));
            } else if (request instanceof BankRequest.ReportBalance r) {
                reply.accept(reportBalance(r));
            } else if (request instanceof BankRequest.CohortOf r) {
                reply.accept(cohortOf(r));
            } else {
                // The public requests (help, total, bank-key) are the gate's to answer.
                reply.accept(Reply.failure("unknown command '" + request.verb() + "'; known: "
                        + String.join(", ", BankRequest.KEYED)));
            }
        } catch (Refusal e) {
            reply.accept(Reply.failure(e.getMessage()));
        }
    }

    /** Answers {@code reply} once every change made so far is durable. */
    private void decided(Reply reply, Answer answer) {
        BankTable decidedOn = table;
        commits.afterDurable(() -> answer.accept(reply, decidedOn));
    }

    private Reply open(BankRequest.Open request) throws Refusal {
        String name = request.name();
        Money balance = request.balance();
        String ip = request.ip();
        int port1 = request.port1();
        int port2 = request.port2();
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
        Optional<CustomerRecord> clash = table.activeUsing(ip, port1, port2);
        if (clash.isPresent()) {
            CustomerRecord other = clash.get();
            return Reply.failure("open: address " + ip + " port " + port1 + " or " + port2
                    + " already used by customer '" + other.name() + "' ("
                    + other.ip() + ":" + other.port1() + "/" + other.port2() + ")");
        }
        CustomerRecord opened = CustomerRecord.opened(name, balance, ip, port1, port2);
        if (state.reports().containsKey(name)) {
            // A re-opened customer starts a new life of reports; forgotten first, so that a
            // restart never applies the old life's last report to the new opening balance.
            saveState(state.withReport(name, null), BankState.reportForgottenLine(name));
        }
        save(List.of(opened));
        return changed("opened " + describe(opened));
    }

    private void newCohort(BankRequest.NewCohort request, Consumer<Reply> answer) throws Refusal {
        String name = request.name();
        int n = request.size();
        CustomerRecord founder = activeCustomer("new-cohort", name);
        refuseIfReserved("new-cohort", name);
        if (founder.inCohort()) {
            throw new Refusal("new-cohort: " + name + " is already in cohort "
                    + founder.cohort() + "; delete it first");
        }
        List<CustomerRecord> members = draw(n - 1, name);
        members.add(founder);
        members.sort(Comparator.comparing(CustomerRecord::name));
        // The id and the intent are durable before anyone hears of the cohort: a restarted
        // bank never issues the id again, and finishes or cancels what it started.
        int id = state.lastCohortId() + 1;
        BankState.Intent intent = new BankState.Intent(BankState.Kind.FORMING, id,
                members.stream().map(CustomerRecord::name).toList());
        saveState(state.withLastCohortId(id).withIntent(intent), BankState.lastCohortIdLine(id),
                BankState.intentLine("intent", intent));
        members.forEach(m -> reserved.put(m.name(), id));
        form(intent, members, answer, scheduler.now() + operationBudgetMillis);
    }

    /**
     * Draws {@code count} free customers at random, leaving out {@code founder} and whoever is
     * reserved, without walking the table: numbers are drawn without repetition from the
     * table's free index (a partial shuffle that remembers only the numbers it moved), and
     * a customer left out costs one more draw. Only when too few are eligible (then there are
     * fewer than {@code count} plus the reserved) does it list them, for the refusal.
     */
    private List<CustomerRecord> draw(int count, String founder) throws Refusal {
        Set<String> excluded = new HashSet<>(reserved.keySet());
        excluded.add(founder);
        long excludedFree = excluded.stream().filter(n -> table.find(n).filter(CustomerRecord::free).isPresent()).count();
        int eligible = (int) (table.freeCount() - excludedFree);
        if (eligible < count) {
            List<CustomerRecord> free = new ArrayList<>();
            for (int i = 0; i < table.freeCount(); i++) {
                CustomerRecord c = table.freeAt(i);
                if (!excluded.contains(c.name())) {
                    free.add(c);
                }
            }
            free.sort(Comparator.comparing(CustomerRecord::name));
            throw new Refusal("new-cohort: a cohort of " + (count + 1) + " needs " + count
                    + " other active customers in no cohort, but there " + (free.size() == 1 ? "is " : "are ")
                    + free.size() + (free.isEmpty() ? "" : " (" + names(free) + ")"));
        }
        List<CustomerRecord> drawn = new ArrayList<>(count);
        Map<Integer, Integer> moved = new HashMap<>();
        for (int left = table.freeCount(); drawn.size() < count; left--) {
            int at = random.nextInt(left);
            int number = moved.getOrDefault(at, at);
            moved.put(at, moved.getOrDefault(left - 1, left - 1));
            CustomerRecord c = table.freeAt(number);
            if (!excluded.contains(c.name())) {
                drawn.add(c);
            }
        }
        return drawn;
    }

    /**
     * Forms a cohort. Members that acknowledge {@code cohort-formed} are only prepared: they
     * move no money in it until {@code cohort-confirmed}, which the bank sends once the cohort
     * is recorded in data.csv. If one does not acknowledge, nothing is recorded and all leave.
     */
    private void form(BankState.Intent intent, List<CustomerRecord> members, Consumer<Reply> answer, long deadline) {
        log.accept("forming cohort " + intent.cohort() + ": " + peerList(members));
        BankNotice formed = new BankNotice.CohortFormed(intent.cohort(),
                members.stream().map(CustomerRecord::member).toList());
        askAll(intent.cohort(), members, formed, deadline, "did not acknowledge", (problems, replies) -> {
            if (problems != null) {
                abandon(intent, answer, "new-cohort: " + problems + "; nothing recorded");
                return;
            }
            // Members may have reported balances meanwhile: build on the table as it is now.
            List<CustomerRecord> joined = members.stream()
                    .map(m -> table.find(m.name()).orElseThrow().withCohort(intent.cohort())).toList();
            save(joined);
            log.accept("recorded cohort " + intent.cohort() + ": " + peerList(joined));
            answer.accept(Reply.success("cohort " + intent.cohort() + ": " + peerList(joined)));
            settle(intent, BankNotice.Notice.CONFIRMED);
        });
    }

    /** A formation that failed: records nothing, makes every member leave the cohort, and answers {@code failure}. */
    private void abandon(BankState.Intent intent, Consumer<Reply> answer, String failure) {
        log.accept("cohort " + intent.cohort() + " not formed: " + failure);
        answer.accept(Reply.failure(failure));
        settle(intent, BankNotice.Notice.DELETED);
    }

    /**
     * Sends {@code notice} once to every member (the notifier retries it until {@code deadline},
     * the end of the operation's budget, after which a silent member counts as unreachable) and, when all have
     * answered, runs {@code then} with null when every answer was a SUCCESS, or else with
     * {@code "<name> <failed> (<answer>)"} for each member that failed, joined by "; ", and
     * with every member's answer by name.
     */
    private void askAll(int cohort, List<CustomerRecord> members, BankNotice notice, long deadline, String failed,
            BiConsumer<String, Map<String, Reply>> then) {
        Map<String, Reply> replies = new LinkedHashMap<>();
        for (CustomerRecord m : members) {
            Consumer<Reply> collect = reply -> {
                log.accept("cohort " + cohort + ": " + m.name() + " answered " + notice.verb() + ": " + reply.line());
                replies.put(m.name(), reply);
                if (replies.size() == members.size()) {
                    String problems = members.stream().map(CustomerRecord::name)
                            .filter(n -> !replies.get(n).success())
                            .map(n -> n + " " + failed + " (" + replies.get(n).line() + ")")
                            .collect(Collectors.joining("; "));
                    then.accept(problems.isEmpty() ? null : problems, replies);
                }
            };
            tell(m.bankEndpoint(), notice, deadline, collect, () -> collect.accept(unreachable(m)));
        }
    }

    /**
     * Ends an unfinished operation: sends {@code notice} to each of its members until each has
     * answered (a member that is down is asked again until it is back), freeing each member as
     * it answers, then forgets the intent durably.
     */
    private void settle(BankState.Intent intent, BankNotice.Notice notice) {
        BankNotice body = new BankNotice.CohortNotice(notice, intent.cohort());
        int[] left = {intent.members().size()};
        for (String member : intent.members()) {
            tellUntilAnswered(member, body, () -> {
                reserved.remove(member, intent.cohort());
                if (--left[0] > 0) {
                    return;
                }
                saveState(state.without(intent), BankState.intentLine("intent-settled", intent));
                log.accept(notice.verb + " " + intent.cohort() + ": every member answered");
            });
        }
    }

    private void tellUntilAnswered(String member, BankNotice body, Runnable done) {
        Optional<CustomerRecord> c = table.find(member);
        if (c.isEmpty()) {
            done.run();
            return;
        }
        // No deadline: the operation has ended, and the member must hear how before it is freed.
        tell(c.get().bankEndpoint(), body, Long.MAX_VALUE, reply -> {
            log.accept(String.join(" ", body.body()) + " to " + member + ": " + reply.line());
            done.run();
        }, () -> {
            log.accept(String.join(" ", body.body()) + " to " + member + ": no answer yet, asking again");
            tellUntilAnswered(member, body, done);
        });
    }

    /**
     * Sends a notice once every change before it is durable (its intent first of all), retried
     * until {@code deadline} at most (a time of the scheduler, or {@code Long.MAX_VALUE}).
     */
    private void tell(Endpoint to, BankNotice notice, long deadline, Consumer<Reply> onReply, Runnable onNoAnswer) {
        commits.afterDurable(() -> notifier.request(to, notice,
                deadline == Long.MAX_VALUE ? Notifier.UNBOUNDED : deadline - scheduler.now(), onReply, onNoAnswer));
    }

    private static Reply unreachable(CustomerRecord m) {
        return Reply.failure(m.bankEndpoint() + " unreachable: no answer");
    }

    private void deleteCohort(BankRequest.DeleteCohort request, Consumer<Reply> answer) throws Refusal {
        String name = request.name();
        CustomerRecord c = knownCustomer("delete-cohort", name);
        refuseIfReserved("delete-cohort", name);
        if (!c.inCohort()) {
            throw new Refusal("delete-cohort: " + name + " is not in a cohort");
        }
        int id = c.cohort();
        List<CustomerRecord> members = table.members(id);
        for (CustomerRecord m : members) {
            // A member still being told the end of an earlier operation on this cohort (a thaw)
            // must hear it before any new freeze, or the late thaw would undo the freeze.
            refuseIfReserved("delete-cohort", m.name());
        }
        BankState.Intent intent = new BankState.Intent(BankState.Kind.DELETING, id,
                members.stream().map(CustomerRecord::name).toList());
        saveState(state.withIntent(intent), BankState.intentLine("intent", intent));
        members.forEach(m -> reserved.put(m.name(), id));
        delete(intent, members, answer, 1, scheduler.now() + operationBudgetMillis);
    }

    /**
     * Deletes a cohort without losing a transfer in flight: every member is asked to freeze
     * (start nothing new) and answers once drained (in no instance, everything it sent
     * acknowledged, its own requests to peers answered, its state durable). Once all have
     * answered, no member can join an instance any more, so nothing can be undone; but a
     * rollback that ended just before could still have made a member that answered early
     * re-send. So every member is asked a second time ({@code round} 2), and answers once
     * drained again: that answer can no longer go stale ({@link BankConfig#deletionRounds}
     * rounds in all, at least 2). Each answer is a {@link Drained}: the balance the member
     * will leave with. Only then is the cohort removed from data.csv, in one durable change
     * with the last round's balances (and their report numbers), so that the total goes from
     * one consistent figure to the next, and the members told {@code cohort-deleted}. A member
     * that does not answer in time, or answers anything but its own {@link Drained}, thaws
     * everyone, unchanged. All the rounds share one {@code deadline}, so that the
     * customer that asked hears the answer while it still asks (DESIGN §2).
     */
    private void delete(BankState.Intent intent, List<CustomerRecord> members, Consumer<Reply> answer, int round,
            long deadline) {
        log.accept("deleting cohort " + intent.cohort() + ": freezing " + names(members) + " (round " + round + ")");
        BankNotice freeze = new BankNotice.CohortNotice(BankNotice.Notice.FREEZE, intent.cohort());
        askAll(intent.cohort(), members, freeze, deadline, "did not drain", (failures, replies) -> {
            Map<String, Drained> drained = new HashMap<>();
            String problems = failures != null ? failures : drainedBalances(members, replies, drained);
            if (problems != null) {
                thaw(intent, answer, "delete-cohort: " + problems + "; cohort " + intent.cohort() + " unchanged");
                return;
            }
            if (round < deletionRounds) {
                delete(intent, members, answer, round + 1, deadline);
                return;
            }
            remove(intent.cohort(), members, drained);
            answer.accept(changed("deleted cohort " + intent.cohort() + " (" + names(members) + ")"));
            settle(intent, BankNotice.Notice.DELETED);
        });
    }

    /**
     * Reads each member's answer as its {@link Drained} into {@code drained}; returns null, or
     * what is wrong with the answers that are not (not one, or one naming another customer).
     */
    private static String drainedBalances(List<CustomerRecord> members, Map<String, Reply> replies,
            Map<String, Drained> drained) {
        List<String> problems = new ArrayList<>();
        for (CustomerRecord m : members) {
            Reply reply = replies.get(m.name());
            try {
                Drained d = Drained.parse(reply);
                if (!d.name().equals(m.name())) {
                    throw new MalformedMessageException("answer names " + d.name());
                }
                drained.put(m.name(), d);
            } catch (MalformedMessageException e) {
                problems.add(m.name() + " gave a bad drained answer (" + e.getMessage() + ")");
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /**
     * Removes cohort {@code id}: every member's row leaves it with its drained balance, and
     * that balance becomes the member's last report, all in ONE journal record, so that a
     * reader of the table (the total) or a restart sees either none of it or all of it
     * (DESIGN §2). A report numbered at or below the drained answer's, delayed, can no longer
     * overwrite the figure; a member's report number never goes down here.
     */
    private void remove(int id, List<CustomerRecord> members, Map<String, Drained> drained) {
        List<CustomerRecord> left = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        BankState next = state;
        for (CustomerRecord m : members) {
            Drained d = drained.get(m.name());
            CustomerRecord row = table.find(m.name()).orElseThrow();
            left.add(row.withCohort(CustomerRecord.NO_COHORT).withBalance(d.balance()));
            BankState.Report last = next.reports().get(m.name());
            long seq = Math.max(d.seq(), last == null ? 0 : last.seq());
            BankState.Report report = new BankState.Report(seq, d.balance());
            next = next.withReport(m.name(), report);
            changes.add(BankState.reportLine(m.name(), report));
        }
        left.forEach(r -> changes.add(BankJournal.customer(r)));
        table = table.withAll(left);
        state = next;
        commits.record(changes);
        log.accept("removed cohort " + id + " with the drained balances: " + left.stream()
                .map(r -> r.name() + " " + r.balance()).collect(Collectors.joining(", ")));
    }

    /** A deletion that failed: nothing changed; every member carries on, and {@code failure} is the answer. */
    private void thaw(BankState.Intent intent, Consumer<Reply> answer, String failure) {
        log.accept("cohort " + intent.cohort() + " not deleted: " + failure);
        answer.accept(Reply.failure(failure));
        settle(intent, BankNotice.Notice.THAW);
    }

    private Reply exit(BankRequest.Exit request) throws Refusal {
        String name = request.name();
        CustomerRecord c = activeCustomer("exit", name);
        refuseIfReserved("exit", name);
        if (c.inCohort()) {
            return Reply.failure("exit: " + name + " is in cohort " + c.cohort() + "; delete the cohort first");
        }
        save(List.of(c.asExited()));
        return changed(name + " exited");
    }

    private Reply reportBalance(BankRequest.ReportBalance request) throws Refusal {
        String name = request.name();
        Money balance = request.balance();
        long seq = request.seq();
        CustomerRecord c = activeCustomer("report-balance", name);
        BankState.Report last = state.reports().get(name);
        long lastSeq = last == null ? 0 : last.seq();
        if (seq < lastSeq || (seq == lastSeq && c.balance().equals(last.balance()))) {
            return Reply.success("balance of " + name + " unchanged at " + c.balance()
                    + " (report " + seq + " is not newer than " + lastSeq + ")");
        }
        // The sidecar first: once it holds the report, a restart applies it to data.csv too,
        // and no older report (delayed across that restart) can overwrite it.
        if (seq > lastSeq) {
            BankState.Report report = new BankState.Report(seq, balance);
            saveState(state.withReport(name, report), BankState.reportLine(name, report));
        }
        if (!c.balance().equals(balance)) {
            save(List.of(c.withBalance(balance)));
        }
        return changed("balance of " + name + " is " + balance + " (report " + seq + ")");
    }

    private Reply cohortOf(BankRequest.CohortOf request) throws Refusal {
        String name = request.name();
        CustomerRecord c = knownCustomer("cohort-of", name);
        // A member frozen for longer than a deletion can last asks this (DESIGN §2): "busy"
        // tells it to wait for the bank's word, an answer naming its cohort that the deletion is over.
        refuseIfReserved("cohort-of", name);
        if (!c.inCohort()) {
            return BankRequest.CohortOf.none();
        }
        return BankRequest.CohortOf.answer(c.cohort(), peerList(table.members(c.cohort())));
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
        Integer busy = reserved.get(name);
        if (busy != null) {
            throw new Refusal(verb + ": " + name + " is busy: cohort " + busy
                    + " is being formed or deleted; retry");
        }
    }

    /**
     * Adopts {@code changed} rows (each replacing the row of its name, or appended) and journals
     * them as one record; the answers that follow wait until it is durable ({@link GroupCommit}).
     */
    private void save(List<CustomerRecord> changed) {
        table = table.withAll(changed);
        commits.record(changed.stream().map(BankJournal::customer).toList());
    }

    /** Adopts the sidecar state {@code next}, journaling the {@code changes} (BankState lines) that make it. */
    private void saveState(BankState next, String... changes) {
        state = next;
        commits.record(List.of(changes));
    }

    /** Logs a change just made (its answer waits until it is durable) and makes its answer. */
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
