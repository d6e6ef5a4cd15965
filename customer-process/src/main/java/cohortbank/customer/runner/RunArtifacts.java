package cohortbank.customer.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a run left in its directory, as lines to print: logs, traces and their pictures, consoles, the bank's table, state. */
final class RunArtifacts {

    private RunArtifacts() {
    }

    static List<String> describe(ScenarioInterpreter.Outcome outcome) {
        Path runDir = outcome.runDir();
        List<String> lines = new ArrayList<>();
        lines.add("run directory: " + runDir);
        lines.add("  logs:        " + list(runDir, ".log"));
        lines.add("  traces:      " + list(runDir, ".trace"));
        lines.add("  consoles:    " + list(runDir, ".console"));
        if (Files.exists(runDir.resolve("data.csv"))) {
            lines.add("  bank table:  " + runDir.resolve("data.csv"));
        }
        if (Files.isDirectory(runDir.resolve("state"))) {
            lines.add("  state dirs:  " + runDir.resolve("state"));
        }
        if (outcome.pictures().isPresent()) {
            lines.add("  merged trace (ShiViz): " + outcome.pictures().get().shiviz());
            lines.add("  space-time diagram:    " + outcome.pictures().get().svg());
        } else {
            lines.add("  no trace pictures: " + outcome.picturesProblem());
        }
        return lines;
    }

    /** File names in {@code dir} with this suffix, comma-separated. */
    static String list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            // shiviz.log is the merged trace, listed on its own, not a process's log.
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(suffix) && !n.equals("shiviz.log")).sorted().toList();
            return names.isEmpty() ? "(none)" : String.join(", ", names);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
