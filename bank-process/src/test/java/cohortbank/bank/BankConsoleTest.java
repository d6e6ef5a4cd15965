package cohortbank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cohortbank.common.money.Money;
import cohortbank.common.testing.HelpChecks;
import java.util.List;
import org.junit.jupiter.api.Test;

class BankConsoleTest {

    static final BankTable TABLE = BankTable.of(List.of(
            new CustomerRecord("alice", Money.parse("90"), "127.0.0.1", 8501, 8502, 2, false),
            new CustomerRecord("bob", Money.parse("110"), "127.0.0.1", 8503, 8504, 2, false),
            CustomerRecord.opened("carol", Money.parse("100"), "127.0.0.1", 8505, 8506),
            new CustomerRecord("dave", Money.parse("5"), "127.0.0.1", 8507, 8508, 0, true)));

    @Test
    void customersIsATableOfTheCsvColumnsThenOneResultLine() {
        assertEquals(List.of(
                "name   balance  ip_address  port1  port2  cohort  exit_state",
                "alice    90.00  127.0.0.1    8501   8502       2  active",
                "bob     110.00  127.0.0.1    8503   8504       2  active",
                "carol   100.00  127.0.0.1    8505   8506          active",
                "dave      5.00  127.0.0.1    8507   8508          exited",
                "SUCCESS 4 customers (3 active, 1 exited)"), BankConsole.customers(TABLE));
    }

    @Test
    void cohortsListsEachCohortWithItsPeerAddresses() {
        assertEquals(List.of(
                "cohort  size  members",
                "     2     2  alice@127.0.0.1:8502 bob@127.0.0.1:8504",
                "SUCCESS 1 cohort"), BankConsole.cohorts(TABLE));
    }

    @Test
    void everyHelpLineFitsEightyColumns() {
        HelpChecks.assertHelpFitsEightyColumns(BankConsole.COMMANDS);
    }

    @Test
    void totalSumsActiveCustomersOnly() {
        assertEquals("SUCCESS total 300.00 over 3 active customers", BankConsole.total(TABLE).line());
        assertEquals("SUCCESS total 0.00 over 0 active customers", BankConsole.total(BankTable.empty()).line());
    }
}
