package cohortbank.customer.runner;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a scenario expects of a command's result line ({@code SUCCESS ...} or {@code FAILURE ...}).
 * {@link #check} returns null when the line meets the expectation, or a short description of
 * what was expected when it does not.
 */
public sealed interface Expectation {

    /** Describes the expectation when {@code resultLine} does not meet it; null when it does. */
    String check(String resultLine);

    /** The result line starts with {@code SUCCESS}. */
    record Success() implements Expectation {
        @Override
        public String check(String line) {
            return line.startsWith("SUCCESS") ? null : "a SUCCESS line";
        }
    }

    /** The result line starts with {@code FAILURE}. */
    record Failure() implements Expectation {
        @Override
        public String check(String line) {
            return line.startsWith("FAILURE") ? null : "a FAILURE line";
        }
    }

    /** The regular expression is found somewhere in the result line. */
    record Matches(Pattern pattern) implements Expectation {
        @Override
        public String check(String line) {
            return pattern.matcher(line).find() ? null : "a line matching /" + pattern.pattern() + "/";
        }
    }

    /**
     * A successful checkpoint or rollback whose participants are exactly these names. The
     * initiator's result line lists them after its last ": ", as in
     * {@code SUCCESS checkpoint alice:3: alice, bob}.
     */
    record TookPart(Set<String> names) implements Expectation {

        public TookPart {
            names = Set.copyOf(names);
        }

        @Override
        public String check(String line) {
            String expected = "SUCCESS naming exactly " + String.join(", ", new TreeSet<>(names)) + " as taking part";
            int colon = line.lastIndexOf(": ");
            if (!line.startsWith("SUCCESS") || colon < 0) {
                return expected;
            }
            Set<String> actual = participants(line);
            return actual.equals(names) ? null : expected;
        }

        /** The names listed after the last ": " of a result line. */
        static Set<String> participants(String line) {
            Set<String> actual = new TreeSet<>();
            int colon = line.lastIndexOf(": ");
            if (colon >= 0) {
                for (String name : line.substring(colon + 2).split(",")) {
                    if (!name.isBlank()) {
                        actual.add(name.strip());
                    }
                }
            }
            return actual;
        }
    }

    /** Any result line will do: the command is run for what it shows. */
    record Anything() implements Expectation {
        @Override
        public String check(String line) {
            return null;
        }
    }
}
