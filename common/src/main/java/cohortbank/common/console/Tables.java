package cohortbank.common.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders plain text tables with aligned columns, for {@code status}, {@code customers},
 * {@code history} and {@code help}.
 *
 * <p>Contract: the first line is the header, then one line per row; columns are separated by
 * two spaces; a column whose non-empty cells are all numbers (such as amounts {@code 90.00}) is
 * right-aligned, every other column left-aligned; lines carry no trailing spaces and no escape
 * codes.
 */
public final class Tables {

    private static final String GAP = "  ";
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private Tables() {
    }

    /**
     * Renders {@code header} and {@code rows}.
     *
     * @throws IllegalArgumentException when a row has not as many cells as the header
     */
    public static List<String> render(List<String> header, List<? extends List<String>> rows) {
        int columns = header.size();
        for (List<String> row : rows) {
            if (row.size() != columns) {
                throw new IllegalArgumentException(
                        "row has " + row.size() + " cells, header has " + columns + ": " + row);
            }
        }
        int[] widths = new int[columns];
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = header.get(c).length();
            numeric[c] = isNumericColumn(rows, c);
        }
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(line(header, widths, numeric));
        for (List<String> row : rows) {
            lines.add(line(row, widths, numeric));
        }
        return lines;
    }

    private static boolean isNumericColumn(List<? extends List<String>> rows, int column) {
        boolean any = false;
        for (List<String> row : rows) {
            String cell = row.get(column);
            if (!cell.isEmpty()) {
                if (!NUMBER.matcher(cell).matches()) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static String line(List<String> cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append(GAP);
            }
            String padding = " ".repeat(widths[c] - cells.get(c).length());
            if (numeric[c]) {
                line.append(padding).append(cells.get(c));
            } else {
                line.append(cells.get(c)).append(padding);
            }
        }
        return line.toString().stripTrailing();
    }
}
