package cohortbank.common.console;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code help} table, fitted to {@link #WIDTH} columns so that it never wraps in a
 * terminal or a tmux pane of the usual size.
 *
 * <p>Two columns, {@code command} (the usage) and {@code what it does}, separated by two spaces,
 * as {@link Tables} renders them. The usage column is as wide as the longest usage, but at most
 * {@link #MAX_USAGE_COLUMN}; a longer usage is broken between words onto further lines indented
 * by two spaces, and each description is broken between words to fit the rest of the width.
 * A single word longer than its column is cut, so that no line ever exceeds {@link #WIDTH}.
 * Lines carry no trailing spaces.
 */
final class HelpTable {

    /** The widest line the table prints. */
    static final int WIDTH = 80;
    /** Widest usage column; long usages such as {@code faults}' wrap within it. */
    static final int MAX_USAGE_COLUMN = 34;

    private static final String GAP = "  ";
    private static final String CONTINUATION = "  ";

    private HelpTable() {
    }

    static List<String> render(List<CommandSpec> commands) {
        int usageWidth = "command".length();
        for (CommandSpec command : commands) {
            usageWidth = Math.max(usageWidth, command.usage().length());
        }
        usageWidth = Math.min(usageWidth, MAX_USAGE_COLUMN);
        int helpWidth = WIDTH - usageWidth - GAP.length();
        List<String> lines = new ArrayList<>();
        lines.add(row(usageWidth, "command", "what it does"));
        for (CommandSpec command : commands) {
            List<String> usage = wrap(command.usage(), usageWidth, CONTINUATION);
            List<String> help = wrap(command.help(), helpWidth, "");
            for (int i = 0; i < Math.max(usage.size(), help.size()); i++) {
                lines.add(row(usageWidth, i < usage.size() ? usage.get(i) : "", i < help.size() ? help.get(i) : ""));
            }
        }
        return lines;
    }

    private static String row(int usageWidth, String usage, String help) {
        return (usage + " ".repeat(usageWidth - usage.length()) + GAP + help).stripTrailing();
    }

    /**
     * Breaks {@code text} between words into lines of at most {@code width} characters, every
     * line after the first starting with {@code indent}; a word too long for a line is cut.
     */
    static List<String> wrap(String text, int width, String indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            String prefix = lines.isEmpty() ? "" : indent;
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
                prefix = indent;
            }
            if (line.length() == 0) {
                line.append(prefix);
            } else {
                line.append(' ');
            }
            line.append(word);
            while (line.length() > width) { // one word longer than the column
                lines.add(line.substring(0, width));
                String rest = line.substring(width);
                line.setLength(0);
                line.append(indent).append(rest);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
