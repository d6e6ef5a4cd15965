package cohortbank.customer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table {@code scripts/bench} prints: per metric its value, the machine's limit for it
 * measured in the same run (or the goal where the machine sets none), and the ratio of the two.
 *
 * <p>The text form is a Markdown table, so that it can be pasted into docs/PERFORMANCE.md as it
 * is, and {@link #parse} reads it back (figures of two runs can be compared by a script). A
 * value that could not be measured is shown as {@code n/a} and has no ratio.
 */
public final class BenchTable {

    /** One row: {@code value} and {@code limit} in {@code unit}; NaN where not measured. */
    public record Row(String metric, double value, double limit, String unit, String note) {
        public Row {
            if (metric.contains("|") || unit.contains("|") || note.contains("|")) {
                throw new IllegalArgumentException("a table cell cannot hold '|': " + metric);
            }
        }

        /** Value over limit: how many times the limit the value is; NaN when either is missing. */
        public double ratio() {
            return Double.isNaN(value) || Double.isNaN(limit) || limit == 0 ? Double.NaN : value / limit;
        }
    }

    static final String HEADER = "| metric | value | limit here | ratio | how the limit is set |";
    private static final String RULE = "|---|---:|---:|---:|---|";

    private final List<Row> rows = new ArrayList<>();
    private final Runnable onRow;

    public BenchTable() {
        this(() -> { });
    }

    /** A table that runs {@code onRow} after each row is added (a progress line counts them). */
    public BenchTable(Runnable onRow) {
        this.onRow = onRow;
    }

    public BenchTable add(String metric, double value, double limit, String unit, String note) {
        rows.add(new Row(metric, value, limit, unit, note));
        onRow.run();
        return this;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The Markdown table, one line per row, with a trailing newline. */
    public String format() {
        StringBuilder out = new StringBuilder(HEADER).append('\n').append(RULE).append('\n');
        for (Row r : rows) {
            out.append("| ").append(r.metric()).append(" | ").append(amount(r.value(), r.unit()))
                    .append(" | ").append(amount(r.limit(), r.unit())).append(" | ")
                    .append(Double.isNaN(r.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f", r.ratio()))
                    .append(" | ").append(r.note()).append(" |\n");
        }
        return out.toString();
    }

    private static String amount(double v, String unit) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        String number = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.3f", v);
        return unit.isEmpty() ? number : number + " " + unit;
    }

    /**
     * Reads a table {@link #format} printed (lines before and after it are skipped).
     *
     * @throws IllegalArgumentException naming the line that is not a row of this table
     */
    public static BenchTable parse(String text) {
        BenchTable table = new BenchTable();
        boolean inside = false;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.equals(HEADER)) {
                inside = true;
                continue;
            }
            if (!inside || line.equals(RULE)) {
                continue;
            }
            if (!line.startsWith("| ")) {
                break;
            }
            String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
            if (cells.length != 5) {
                throw new IllegalArgumentException("line " + number + ": expected 5 cells, got " + cells.length);
            }
            String[] value = splitAmount(cells[1], number);
            String[] limit = splitAmount(cells[2], number);
            String unit = !value[1].isEmpty() ? value[1] : limit[1];
            table.add(cells[0], number(value[0], number), number(limit[0], number), unit, cells[4]);
        }
        if (!inside) {
            throw new IllegalArgumentException("no table: the line '" + HEADER + "' is missing");
        }
        return table;
    }

    private static String[] splitAmount(String cell, int line) {
        int space = cell.indexOf(' ');
        return space < 0 ? new String[] {cell, ""} : new String[] {cell.substring(0, space), cell.substring(space + 1)};
    }

    private static double number(String text, int line) {
        if (text.equals("n/a")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + ": '" + text + "' is not a number or n/a");
        }
    }
}
