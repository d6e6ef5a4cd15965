package cohortbank.common.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a run directory's traces into pictures: {@code RUN_DIR/shiviz.log}, one file ShiViz
 * loads (its parser expression, an empty delimiter line, then every event of every
 * {@code *.trace} file merged in causal order), and {@code RUN_DIR/spacetime.svg}, a space-time
 * diagram drawn without a browser or network ({@link SpaceTimeSvg}).
 *
 * <p>{@code main} is the entry of {@code scripts/trace RUN_DIR}: it prints both paths, or one
 * {@code FAILURE} line and exits 1 (2 for a bad argument).
 */
public final class TraceTool {

    /** Where the two pictures were written. */
    public record Rendered(Path shiviz, Path svg) {
    }

    private TraceTool() {
    }

    /**
     * Merges every {@code *.trace} file in {@code runDir} and writes both pictures there
     * (replacing earlier ones).
     *
     * @throws IOException when the directory cannot be read, holds no trace events, or a picture cannot be written
     */
    public static Rendered render(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir)) {
            throw new IOException(runDir + " is not a directory");
        }
        TraceMerge.Result merged = TraceMerge.ofDirectory(runDir);
        if (merged.events().isEmpty()) {
            throw new IOException("no trace events in " + runDir + "/*.trace");
        }
        Path shiviz = runDir.resolve("shiviz.log");
        Path svg = runDir.resolve("spacetime.svg");
        Files.write(shiviz, TraceMerge.shivizLines(merged.events()), StandardCharsets.UTF_8);
        Files.writeString(svg, SpaceTimeSvg.render(merged.events()), StandardCharsets.UTF_8);
        return new Rendered(shiviz, svg);
    }

    public static void main(String[] args) {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("FAILURE usage: trace RUN_DIR (merges RUN_DIR/*.trace into shiviz.log and spacetime.svg)");
            System.exit(2);
        }
        try {
            Rendered r = render(Path.of(args[0]));
            System.out.println(r.shiviz());
            System.out.println(r.svg());
        } catch (IOException | RuntimeException e) {
            System.err.println("FAILURE trace: " + e.getMessage());
            System.exit(1);
        }
    }
}
