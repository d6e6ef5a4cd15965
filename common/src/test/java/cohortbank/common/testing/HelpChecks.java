package cohortbank.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.console.CommandSpec;
import cohortbank.common.console.Console;
import java.util.List;

/** The checks every console's {@code help} must pass, shared by the bank's and the customer's tests. */
public final class HelpChecks {

    private HelpChecks() {
    }

    /** Every line of {@code commands}' help is at most 80 columns, and the result line counts them all. */
    public static void assertHelpFitsEightyColumns(List<CommandSpec> commands) {
        List<String> help = Console.helpLines(commands);
        help.forEach(line -> assertTrue(line.length() <= 80, line.length() + " columns: " + line));
        assertEquals("SUCCESS " + commands.size() + " commands", help.get(help.size() - 1));
    }
}
