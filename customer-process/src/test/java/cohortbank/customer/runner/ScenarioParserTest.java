package cohortbank.customer.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scenario format: what each line means, and a line-numbered message for every bad line. */
class ScenarioParserTest {

    private static Scenario parse(String text) throws ScenarioSyntaxException {
        return ScenarioParser.parse("t", "t.scn", text);
    }

    @Test
    void aScenarioReadsAsTheStepsItNames() throws Exception {
        Scenario s = parse(String.join("\n",
                "# a comment, then a blank line",
                "",
                "start bank",
                "start alice bob --drop 0.1",
                "alice> open alice 100",
                "alice> transfer 1000 bob      => FAILURE",
                "alice> checkpoint             => took part: alice, bob",
                "bob> status                   => /cohort \\d+/",
                "send alice rollback",
                "result alice => anything",
                "await bob /rolled back/ within 5",
                "faults alice --to bob --drop 0.5 --delay 10-50",
                "faults alice off",
                "kill bob",
                "quit alice",
                "sleep 0.5",
                "say \"the total is short\"",
                "check balance alice 90 bob 110.50",
                "check total 200",
                "check invariants within 20",
                "show balances"));
        List<Step> steps = s.steps();
        assertEquals(19, steps.size());
        assertEquals(new Step.Start(3, List.of("bank"), List.of()), steps.get(0));
        assertEquals(new Step.Start(4, List.of("alice", "bob"), List.of("--drop", "0.1")), steps.get(1));
        assertEquals(new Step.Command(5, "alice", "open alice 100", new Expectation.Success()), steps.get(2));
        assertEquals(new Expectation.Failure(), ((Step.Command) steps.get(3)).expectation());
        assertEquals(new Expectation.TookPart(Set.of("alice", "bob")), ((Step.Command) steps.get(4)).expectation());
        assertInstanceOf(Expectation.Matches.class, ((Step.Command) steps.get(5)).expectation());
        assertEquals(new Step.Send(9, "alice", "rollback"), steps.get(6));
        assertEquals(new Step.Result(10, "alice", new Expectation.Anything()), steps.get(7));
        assertEquals(5_000, ((Step.Await) steps.get(8)).timeoutMillis());
        assertEquals(new Step.Faults(12, "alice", "bob", List.of("--drop", "0.5", "--delay", "10-50")), steps.get(9));
        assertEquals(new Step.Faults(13, "alice", null, List.of("off")), steps.get(10));
        assertEquals(new Step.Sleep(16, 500), steps.get(13));
        assertEquals(new Step.Say(17, "the total is short"), steps.get(14));
        assertEquals(new Step.CheckBalance(18, Map.of("alice", 9000L, "bob", 11050L)), steps.get(15));
        assertEquals(new Step.CheckTotal(19, 20000), steps.get(16));
        assertEquals(new Step.CheckInvariants(20, 20_000), steps.get(17));
        assertEquals("check total 200", s.text(19));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "frobnicate                    | unknown step 'frobnicate'",
            "alice>                        | no command after 'alice>'",
            "alice> balance => MAYBE       | unknown expectation 'MAYBE'",
            "alice> balance => /unclosed   | has no closing '/'",
            "alice> balance => /a(/        | bad pattern /a(/",
            "alice> checkpoint => took part: | needs at least one name",
            "start                         | start: which process?",
            "start 9lives                  | '9lives' is not a process name",
            "start alice alice             | 'alice' named twice",
            "kill bank                     | the bank cannot be named here",
            "send alice                    | expected 'send NAME COMMAND...'",
            "result                        | expected 'result NAME [=> EXPECTATION]'",
            "await alice rolled back       | expected 'await NAME /REGEX/ [within SECONDS]'",
            "await alice /x/ within        | expected 'within SECONDS'",
            "await alice /x/ within 500    | out of range",
            "await alice /x/ within soon   | 'soon' is not a number of seconds",
            "faults alice                  | no fault given",
            "faults alice --drop           | --drop needs a value",
            "faults alice --lose 0.5       | unknown option '--lose'",
            "faults alice --to bob --to c --drop 1 | --to given twice",
            "sleep                         | expected 'sleep SECONDS'",
            "sleep -1                      | out of range",
            "say hello                     | expected 'say \"TEXT\"'",
            "check                         | expected 'check balance', 'check total' or 'check invariants'",
            "check balance alice           | expected 'check balance NAME AMOUNT",
            "check balance alice 1.234     | more than two decimals",
            "check balance alice 1 alice 2 | 'alice' named twice",
            "check total                   | expected 'check total AMOUNT'",
            "check invariants soon         | expected 'check invariants [within SECONDS]'",
            "show                          | expected 'show balances'",
    })
    void aBadLineIsNamedWithItsFileAndLine(String line, String problem) {
        ScenarioSyntaxException e = assertThrows(ScenarioSyntaxException.class,
                () -> parse("# first line\nstart bank\n" + line + "\nstart alice"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("t.scn:3: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "'" + e.getMessage() + "' should say '" + problem + "'");
    }

    @Test
    void aFileWithoutStepsIsRefused() {
        ScenarioSyntaxException e = assertThrows(ScenarioSyntaxException.class, () -> parse("# only\n\n"));
        assertTrue(e.getMessage().contains("no steps"), e.getMessage());
    }

    @Test
    void tookPartComparesTheInitiatorsListAsASet() {
        Expectation both = new Expectation.TookPart(Set.of("alice", "bob"));
        assertNull(both.check("SUCCESS checkpoint alice:3: bob, alice"));
        assertEquals("SUCCESS naming exactly alice, bob as taking part", both.check("SUCCESS checkpoint alice:3: alice"));
        assertEquals("SUCCESS naming exactly alice, bob as taking part", both.check("FAILURE checkpoint: retry"));
    }
}
