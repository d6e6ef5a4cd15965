package cohortbank.customer.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cohortbank.common.money.Money;
import cohortbank.common.wire.MalformedMessageException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The console's words become typed commands; every bad line becomes exactly the
 * {@code FAILURE} reason the console has always printed for it.
 */
class CommandParserTest {

    private static CustomerCommand parse(String line) throws MalformedMessageException {
        return CommandParser.parse(List.of(line.split(" ")));
    }

    private static String failure(String line) {
        return assertThrows(MalformedMessageException.class, () -> parse(line), line).getMessage();
    }

    @Test
    void everyCommandHasItsRecord() throws MalformedMessageException {
        assertEquals(new CustomerCommand.Open("alice", Money.parse("100"), Optional.empty()), parse("open alice 100"));
        assertEquals(new CustomerCommand.Open("bob", Money.parse("0"),
                        Optional.of(new CustomerCommand.Address("127.0.0.1", 5000, 5001))),
                parse("open bob 0 127.0.0.1 5000 5001"));
        assertEquals(new CustomerCommand.NewCohort("alice", 3), parse("new-cohort alice 3"));
        assertEquals(new CustomerCommand.DeleteCohort("alice"), parse("delete-cohort alice"));
        assertEquals(new CustomerCommand.Exit("bob"), parse("exit bob"));
        assertEquals(new CustomerCommand.Deposit(Money.parse("10.50")), parse("deposit 10.5"));
        assertEquals(new CustomerCommand.Withdrawal(Money.parse("0.01")), parse("withdrawal 0.01"));
        assertEquals(new CustomerCommand.Transfer(Money.parse("5"), "bob", false), parse("transfer 5 bob"));
        assertEquals(new CustomerCommand.Transfer(Money.parse("5"), "bob", true), parse("lost-transfer 5 bob"));
        assertEquals(new CustomerCommand.Checkpoint(), parse("checkpoint"));
        assertEquals(new CustomerCommand.Rollback(), parse("rollback"));
    }

    @Test
    void everyUsageParsesWhenItsPlaceholdersAreFilledAndNamesItsOwnVerb() throws MalformedMessageException {
        for (String usage : CommandParser.USAGES) {
            String line = usage.replaceAll(" \\[.*]", "").replace("<name>", "alice").replace("<receiver>", "bob")
                    .replace("<balance>", "1").replace("<amount>", "1").replace("<n>", "2");
            assertEquals(usage.split(" ")[0], parse(line).verb(), line);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            frobnicate                          | unknown command 'frobnicate'; type help
            Deposit 5                           | unknown command 'Deposit'; type help
            open alice                          | open: expected 2 or 5 arguments, got 1 (usage: open <name> <balance> [<ipv4> <port1> <port2>])
            open alice 1 127.0.0.1 5000         | open: expected 2 or 5 arguments, got 4 (usage: open <name> <balance> [<ipv4> <port1> <port2>])
            open alice -5                       | open: bad balance: '-5' must not be negative (usage: open <name> <balance> [<ipv4> <port1> <port2>])
            open 9lives 10                      | open: bad name '9lives': use a letter then letters, digits, '_' or '-', at most 32 (usage: open <name> <balance> [<ipv4> <port1> <port2>])
            open alice 10 1.2.3 5000 5001       | open: bad ipv4 '1.2.3': expected an IPv4 address like 127.0.0.1 (usage: open <name> <balance> [<ipv4> <port1> <port2>])
            open alice 10 127.0.0.1 5000 5000   | open: port1 and port2 must differ (both 5000)
            new-cohort alice                    | new-cohort: expected 2 arguments, got 1 (usage: new-cohort <name> <n>)
            new-cohort alice two                | new-cohort: bad n 'two': expected a whole number (usage: new-cohort <name> <n>)
            new-cohort alice 1                  | new-cohort: n 1 out of range 2-1000 (usage: new-cohort <name> <n>)
            new-cohort alice 1001               | new-cohort: n 1001 out of range 2-1000 (usage: new-cohort <name> <n>)
            new-cohort 9 2                      | new-cohort: bad name '9': use a letter then letters, digits, '_' or '-', at most 32 (usage: new-cohort <name> <n>)
            delete-cohort                       | delete-cohort: expected 1 argument, got 0 (usage: delete-cohort <name>)
            delete-cohort a b                   | delete-cohort: expected 1 argument, got 2 (usage: delete-cohort <name>)
            delete-cohort _x                    | delete-cohort: bad name '_x': use a letter then letters, digits, '_' or '-', at most 32 (usage: delete-cohort <name>)
            exit                                | exit: expected 1 argument, got 0 (usage: exit <name>)
            exit 1a                             | exit: bad name '1a': use a letter then letters, digits, '_' or '-', at most 32 (usage: exit <name>)
            deposit                             | deposit: expected 1 argument, got 0 (usage: deposit <amount>)
            deposit 1 2                         | deposit: expected 1 argument, got 2 (usage: deposit <amount>)
            deposit -5                          | deposit: bad amount: '-5' must be greater than 0 (usage: deposit <amount>)
            deposit 0                           | deposit: bad amount: '0' must be greater than 0 (usage: deposit <amount>)
            withdrawal                          | withdrawal: expected 1 argument, got 0 (usage: withdrawal <amount>)
            withdrawal -5                       | withdrawal: bad amount: '-5' must be greater than 0 (usage: withdrawal <amount>)
            transfer 5                          | transfer: expected 2 arguments, got 1 (usage: transfer <amount> <receiver>)
            transfer 5 bob now                  | transfer: expected 2 arguments, got 3 (usage: transfer <amount> <receiver>)
            transfer -5 bob                     | transfer: bad amount: '-5' must be greater than 0 (usage: transfer <amount> <receiver>)
            transfer 5 b@b                      | transfer: bad receiver 'b@b': use a letter then letters, digits, '_' or '-', at most 32 (usage: transfer <amount> <receiver>)
            lost-transfer 5                     | lost-transfer: expected 2 arguments, got 1 (usage: lost-transfer <amount> <receiver>)
            lost-transfer 0 bob                 | lost-transfer: bad amount: '0' must be greater than 0 (usage: lost-transfer <amount> <receiver>)
            checkpoint now                      | checkpoint: expected 0 arguments, got 1 (usage: checkpoint)
            rollback 1                          | rollback: expected 0 arguments, got 1 (usage: rollback)
            """)
    void everyBadLineGivesTheReasonTheConsoleAlwaysGave(String line, String reason) {
        assertEquals(reason, failure(line));
    }

    @Test
    void badAmountsAndPortsAreNamedAsMoneyAndEndpointNameThem() {
        // The texts after "bad amount: " and "bad port1: " come from Money and Endpoint.
        assertEquals("deposit: bad amount: '1.234' has more than two decimals (usage: deposit <amount>)",
                failure("deposit 1.234"));
        assertEquals("deposit: bad amount: 'abc' is not an amount like 90 or 90.50 (usage: deposit <amount>)", failure("deposit abc"));
        assertEquals(true, failure("open alice 10 127.0.0.1 80 5001").startsWith("open: bad port1: "));
        assertEquals(true, failure("open alice 10 127.0.0.1 5000 x").startsWith("open: bad port2: "));
    }
}
