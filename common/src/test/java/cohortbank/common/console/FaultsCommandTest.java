package cohortbank.common.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultControl;
import cohortbank.common.net.FaultPlan;
import cohortbank.common.net.LinkFaults;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code faults} console command as a user types it: listing, setting the default and a
 * link, switching everything off, and bad input that is one FAILURE naming the bad word and
 * leaves the plan in force untouched.
 */
class FaultsCommandTest {

    private final FaultControl control = FaultControl.none(1);

    private List<String> type(String line) {
        List<String> words = line.isBlank() ? List.of() : Arrays.asList(line.strip().split(" +"));
        return FaultsCommand.run(words, control);
    }

    @Test
    void aFreshProcessListsNoFaults() {
        assertEquals(List.of(
                "link     drop  duplicate  reorder  delay",
                "default     0          0        0  0ms",
                "SUCCESS faults in force: default none"), type(""));
    }

    @Test
    void settingTheDefaultAndOneLinkThenListingThemThenSwitchingOff() {
        assertEquals(List.of("SUCCESS faults in force: default drop 0.3 duplicate 0.25 reorder 0 delay 5-40ms"),
                type("faults --drop 0.3 --duplicate 0.25 --delay 5-40".substring(7)));
        assertEquals(List.of("SUCCESS faults in force: default drop 0.3 duplicate 0.25 reorder 0 delay 5-40ms;"
                + " to 127.0.0.1:8502 drop 1 duplicate 0 reorder 0 delay 0ms"), type("--to 127.0.0.1:8502 --drop 1"));
        assertEquals(new LinkFaults(1, 0, 0, 0, 0), control.plan().forLink(new Endpoint("127.0.0.1", 8502)));
        assertEquals(new LinkFaults(0.3, 0.25, 0, 5, 40), control.plan().forLink(new Endpoint("127.0.0.1", 8504)));

        List<String> listing = type("");
        assertEquals(4, listing.size(), listing.toString());
        assertTrue(listing.get(1).startsWith("default "), listing.get(1));
        assertTrue(listing.get(2).startsWith("127.0.0.1:8502 "), listing.get(2));
        assertTrue(listing.get(3).startsWith("SUCCESS faults in force: default drop 0.3"), listing.get(3));

        // Kinds left out are 0: this replaces the default whole, it does not add to it.
        assertEquals(List.of("SUCCESS faults in force: default drop 0 duplicate 0 reorder 0.5 delay 0ms;"
                + " to 127.0.0.1:8502 drop 1 duplicate 0 reorder 0 delay 0ms"), type("--reorder=0.5"));

        assertEquals(List.of("SUCCESS faults off"), type("off"));
        assertEquals(FaultPlan.NONE, control.plan());
    }

    @ParameterizedTest(name = "faults {0}")
    @CsvSource(delimiter = '|', value = {
            "--drop 1.5                 | FAILURE faults: --drop '1.5': a probability is at most 1",
            "--drop -1                  | FAILURE faults: --drop '-1': expected a probability 0..1",
            "--duplicate NaN            | FAILURE faults: --duplicate 'NaN': expected a probability",
            "--reorder 0.5x             | FAILURE faults: --reorder '0.5x': expected a probability",
            "--delay 40-5               | FAILURE faults: --delay '40-5': MIN is above MAX",
            "--delay 5ms                | FAILURE faults: --delay '5ms': expected MS or MIN-MAX",
            "--delay 999999             | FAILURE faults: --delay '999999': at most 60000 ms",
            "--to localhost:8502        | FAILURE faults: --to 'localhost:8502': bad IPv4 address",
            "--to 127.0.0.1:80          | FAILURE faults: --to '127.0.0.1:80': port 80 out of range",
            "--drop                     | FAILURE faults: --drop needs a value",
            "--drop 0.1 --drop 0.2      | FAILURE faults: --drop given twice",
            "--loss 0.1                 | FAILURE faults: unknown option '--loss'; known: off, --to,",
            "off now                    | FAILURE faults: unknown option 'now'",
            "off --drop 0.1             | FAILURE faults: 'off' takes no options",
            "on                         | FAILURE faults: unknown option 'on'"})
    void badInputIsOneFailureNamingItAndChangesNothing(String args, String expected) {
        type("--drop 0.2 --delay 3");
        FaultPlan before = control.plan();

        List<String> out = type(args);

        assertEquals(1, out.size(), out.toString());
        assertTrue(out.get(0).startsWith(expected), "expected '" + expected + "...', got '" + out.get(0) + "'");
        assertTrue(out.get(0).endsWith("(usage: " + FaultsCommand.USAGE + ")"), out.get(0));
        assertEquals(before, control.plan());
    }
}
