package cohortbank.customer.watch;

import cohortbank.common.trace.SpaceTimeSvg;
import cohortbank.common.trace.TraceMerge;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.exceptions.CsvException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run directory holds for the live view, read fresh on each call: the bank's table
 * ({@code data.csv}) and the space-time diagram of the processes' traces ({@code *.trace}),
 * laid out as the launchers leave them (scripts/demo, scripts/tmux-demo, scripts/run-scenario).
 *
 * <p>Nothing here trusts the files: a missing, half-written or malformed file becomes a
 * {@code problem} to show, never an exception; the text read is returned as it is, and
 * escaping it is the page's job. Reading only: the view never writes into the run.
 */
final class RunDirectory {

    /** The bank's table: its header and rows as written, or why there is none. */
    record Table(List<String> header, List<List<String>> rows, String problem) {
        Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** The diagram's SVG (empty when there is none), how many events it shows, and any problem. */
    record Diagram(String svg, int events, int skippedLines, List<String> traces, String problem) {
        Diagram {
            traces = List.copyOf(traces);
        }
    }

    static final String TABLE_FILE = "data.csv";
    static final String TRACE_GLOB = "*.trace";

    private final Path dir;

    RunDirectory(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    /**
     * Changes whenever a file the view shows changes: the size, modification time and file key
     * of data.csv and of every trace. Cheap (no file is read), so it can be asked every second.
     */
    String fingerprint() {
        StringBuilder s = new StringBuilder();
        stamp(dir.resolve(TABLE_FILE), s);
        for (Path trace : traces()) {
            stamp(trace, s);
        }
        return s.toString();
    }

    private static void stamp(Path file, StringBuilder s) {
        s.append(file.getFileName()).append(':');
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            // The file key too: the bank replaces data.csv by a rename, which gives a new one.
            s.append(a.size()).append('@').append(a.lastModifiedTime()).append('#').append(a.fileKey());
        } catch (IOException e) {
            s.append('-');
        }
        s.append(';');
    }

    Table table() {
        Path file = dir.resolve(TABLE_FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Table(List.of(), List.of(), "no " + TABLE_FILE + " yet: the bank has not started in this run directory");
        } catch (IOException | RuntimeException e) {
            return new Table(List.of(), List.of(), "cannot read " + TABLE_FILE + ": " + e.getMessage());
        }
        List<String[]> lines;
        try (CSVReader reader = new CSVReaderBuilder(new StringReader(text)).build()) {
            lines = reader.readAll();
        } catch (IOException | CsvException | RuntimeException e) {
            return new Table(List.of(), List.of(), TABLE_FILE + " is not CSV: " + e.getMessage());
        }
        if (lines.isEmpty()) {
            return new Table(List.of(), List.of(), TABLE_FILE + " is empty");
        }
        List<List<String>> rows = new ArrayList<>();
        lines.subList(1, lines.size()).forEach(row -> rows.add(List.of(row)));
        return new Table(List.of(lines.get(0)), rows, null);
    }

    /** Merges the traces and draws them with the project's renderer; empty with a reason when there is nothing to draw. */
    Diagram diagram() {
        List<String> names = traces().stream().map(p -> p.getFileName().toString()).toList();
        if (names.isEmpty()) {
            return new Diagram("", 0, 0, names, "no traces yet: processes write RUN_DIR/<name>.trace when started with --trace");
        }
        try {
            TraceMerge.Result merged = TraceMerge.ofDirectory(dir);
            if (merged.events().isEmpty()) {
                return new Diagram("", 0, merged.skippedLines(), names, "no trace events yet");
            }
            return new Diagram(SpaceTimeSvg.render(merged.events()), merged.events().size(), merged.skippedLines(),
                    names, null);
        } catch (IOException | RuntimeException e) {
            return new Diagram("", 0, 0, names, "cannot draw the traces: " + e.getMessage());
        }
    }

    private List<Path> traces() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, TRACE_GLOB)) {
            found.forEach(files::add);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        files.sort(null);
        return files;
    }
}
