package cohortbank.bank;

import cohortbank.common.console.CommandSpec;
import cohortbank.common.console.Console;
import cohortbank.common.console.ConsoleOutput;
import cohortbank.common.console.FaultsCommand;
import cohortbank.common.console.Tables;
import cohortbank.common.log.ProcessLog;
import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The bank's console commands: inspection ({@code customers}, {@code cohorts}, {@code total}),
 * {@code faults} (see {@link FaultsCommand}), {@code help} and {@code quit}, plus the customers' requests typed by hand, which the bank
 * handles exactly as if they had arrived by datagram.
 *
 * <p>Every command prints its table, if any, then exactly one {@code SUCCESS}/{@code FAILURE}
 * line; commands and output lines are also written to the log.
 */
public final class BankConsole implements Console.LineHandler {

    static final List<CommandSpec> LOCAL_COMMANDS = List.of(
            new CommandSpec("customers", "customers", "show every customer in data.csv"),
            new CommandSpec("cohorts", "cohorts", "show every cohort and its members"),
            new CommandSpec("total", "total", "sum the balances of active customers"),
            FaultsCommand.SPEC,
            new CommandSpec("help", "help", "show this list"),
            new CommandSpec("quit", "quit", "stop the bank"));

    /** Every command, for help and tab completion. */
    public static final List<CommandSpec> COMMANDS = Stream.concat(LOCAL_COMMANDS.stream(), Stream.of(
            new CommandSpec(BankRequest.Open.VERB, BankRequest.Open.USAGE, "register a customer (as a customer process would)"),
            new CommandSpec(BankRequest.NewCohort.VERB, BankRequest.NewCohort.USAGE, "form a cohort of n with randomly picked customers"),
            new CommandSpec(BankRequest.DeleteCohort.VERB, BankRequest.DeleteCohort.USAGE, "dissolve the cohort of a customer"),
            new CommandSpec(BankRequest.Exit.VERB, BankRequest.Exit.USAGE, "mark a customer in no cohort as exited"),
            new CommandSpec(BankRequest.ReportBalance.VERB, BankRequest.ReportBalance.USAGE, "record a checkpointed balance"),
            new CommandSpec(BankRequest.CohortOf.VERB, BankRequest.CohortOf.USAGE, "show the cohort of a customer")))
            .toList();

    private final BankServer server;
    private final ConsoleOutput out;
    private final ProcessLog log;
    private final long requestTimeoutMillis;

    public BankConsole(BankServer server, ConsoleOutput out, ProcessLog log, long requestTimeoutMillis) {
        this.server = server;
        this.out = out;
        this.log = log;
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    @Override
    public boolean handle(String line) {
        log.log("CMD", line);
        List<String> words = Arrays.asList(line.trim().split("\\s+"));
        String verb = words.get(0);
        List<String> args = words.subList(1, words.size());
        if (verb.equals(FaultsCommand.SPEC.name())) {
            print(FaultsCommand.run(args, server.faults()));
            return true;
        }
        boolean local = LOCAL_COMMANDS.stream().anyMatch(c -> c.name().equals(verb));
        if (local && !args.isEmpty()) {
            print(List.of(Reply.failure(verb + ": takes no arguments").line()));
            return true;
        }
        switch (verb) {
            case "customers" -> print(customers(server.query(Bank::table)));
            case "cohorts" -> print(cohorts(server.query(Bank::table)));
            case "total" -> print(List.of(total(server.query(Bank::table)).line()));
            case "help" -> print(Console.helpLines(COMMANDS));
            case "quit" -> {
                print(List.of(Reply.success("bank stopped").line()));
                return false;
            }
            default -> {
                if (BankRequest.KEYED.contains(verb)) {
                    print(List.of(server.submit(words, requestTimeoutMillis).line()));
                } else {
                    print(List.of(Reply.failure("unknown command '" + verb + "'; known: "
                            + COMMANDS.stream().map(CommandSpec::name).collect(Collectors.joining(", "))).line()));
                }
            }
        }
        return true;
    }

    private void print(List<String> lines) {
        lines.forEach(l -> log.log("OUT", l));
        out.printLines(lines);
    }

    /**
     * The {@code EVENT} text for a request from the network and its answer, for example
     * {@code open alice 100 127.0.0.1 8501 8502 from 127.0.0.1:8501: SUCCESS opened alice ...}.
     */
    static String answered(Endpoint from, List<String> body, Reply reply) {
        return String.join(" ", body) + " from " + from + ": " + reply.line();
    }

    static List<String> customers(BankTable table) {
        List<List<String>> rows = new ArrayList<>();
        for (CustomerRecord c : table.customers()) {
            rows.add(List.of(c.name(), c.balance().toString(), c.ip(), String.valueOf(c.port1()),
                    String.valueOf(c.port2()), c.inCohort() ? String.valueOf(c.cohort()) : "",
                    c.exited() ? "exited" : "active"));
        }
        List<String> lines = new ArrayList<>(Tables.render(CsvBankStore.HEADER, rows));
        int active = table.activeCount();
        lines.add(Reply.success(table.size() + " customer" + (table.size() == 1 ? "" : "s") + " (" + active
                + " active, " + (table.size() - active) + " exited)").line());
        return lines;
    }

    static List<String> cohorts(BankTable table) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<Integer, List<CustomerRecord>> cohort : table.cohorts().entrySet()) {
            rows.add(List.of(String.valueOf(cohort.getKey()), String.valueOf(cohort.getValue().size()),
                    cohort.getValue().stream().map(CustomerRecord::peerAddress).collect(Collectors.joining(" "))));
        }
        List<String> lines = new ArrayList<>(Tables.render(List.of("cohort", "size", "members"), rows));
        lines.add(Reply.success(rows.size() + " cohort" + (rows.size() == 1 ? "" : "s")).line());
        return lines;
    }

    static Reply total(BankTable table) {
        Money total = table.activeTotal();
        int active = table.activeCount();
        return Reply.success("total " + total + " over " + active + " active customer" + (active == 1 ? "" : "s"));
    }
}
