package cohortbank.customer.runner;

import java.util.List;

/**
 * A parsed scenario file: its {@code name} (the file name without {@code .scn}), where it came
 * from ({@code source}, used in {@code FILE:LINE} messages), its steps in order, and its raw
 * {@code lines} so that a failure can quote the line that failed.
 */
public record Scenario(String name, String source, List<Step> steps, List<String> lines) {

    public Scenario {
        steps = List.copyOf(steps);
        lines = List.copyOf(lines);
    }

    /** The text of a 1-based line, trimmed. */
    public String text(int line) {
        return line >= 1 && line <= lines.size() ? lines.get(line - 1).strip() : "";
    }
}
