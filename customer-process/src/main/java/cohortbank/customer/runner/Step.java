package cohortbank.customer.runner;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One line of a scenario that does something, with its line number for error messages. The
 * format is described in docs/SCENARIOS.md; {@link ScenarioParser} builds these.
 */
public sealed interface Step {

    /** The 1-based line of the scenario file this step came from. */
    int line();

    /** {@code start bank|NAME... [OPTION...]}: start (or restart) processes, passing extra options on. */
    record Start(int line, List<String> names, List<String> options) implements Step {
        public Start {
            names = List.copyOf(names);
            options = List.copyOf(options);
        }
    }

    /** {@code quit NAME...}: type {@code quit} and wait for the process to end. */
    record Quit(int line, List<String> names) implements Step {
        public Quit {
            names = List.copyOf(names);
        }
    }

    /** {@code kill NAME...}: {@code kill -9}, no chance to save anything. */
    record Kill(int line, List<String> names) implements Step {
        public Kill {
            names = List.copyOf(names);
        }
    }

    /** {@code NAME> COMMAND [=> EXPECTATION]}: type a command and check its result line. */
    record Command(int line, String process, String command, Expectation expectation) implements Step {
    }

    /** {@code send NAME COMMAND}: type a command without waiting for its result. */
    record Send(int line, String process, String command) implements Step {
    }

    /** {@code result NAME [=> EXPECTATION]}: the result of the oldest command sent and not yet collected. */
    record Result(int line, String process, Expectation expectation) implements Step {
    }

    /** {@code await NAME /REGEX/ [within SECONDS]}: an {@code EVENT} line matching, within a bound. */
    record Await(int line, String process, Pattern pattern, long timeoutMillis) implements Step {
    }

    /**
     * {@code faults NAME [--to PEER] [OPTION...]} or {@code faults NAME off}: the process's
     * {@code faults} console command, with {@code PEER} (a customer's name or {@code bank})
     * turned into that process's address.
     */
    record Faults(int line, String process, String to, List<String> options) implements Step {
        public Faults {
            options = List.copyOf(options);
        }
    }

    /** {@code sleep SECONDS}: let time pass (retransmissions, delays). */
    record Sleep(int line, long millis) implements Step {
    }

    /** {@code say "TEXT"}: a narration line. */
    record Say(int line, String text) implements Step {
    }

    /** {@code check balance NAME AMOUNT [NAME AMOUNT...]}: live balances, in cents. */
    record CheckBalance(int line, Map<String, Long> cents) implements Step {
        public CheckBalance {
            cents = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cents));
        }
    }

    /** {@code check total AMOUNT}: the sum of every opened customer's live balance, in cents. */
    record CheckTotal(int line, long cents) implements Step {
    }

    /** {@code check invariants [within SECONDS]}: the DESIGN §7 invariants, once the cohort is quiet. */
    record CheckInvariants(int line, long timeoutMillis) implements Step {
    }

    /** {@code show balances}: a table of every customer's live and checkpointed balance. */
    record ShowBalances(int line) implements Step {
    }
}
