package cohortbank.common.trace;

import static cohortbank.common.trace.SpaceTimeSvg.BLUE;
import static cohortbank.common.trace.SpaceTimeSvg.CRIMSON;
import static cohortbank.common.trace.SpaceTimeSvg.GREEN;
import static cohortbank.common.trace.SpaceTimeSvg.GREY;
import static cohortbank.common.trace.SpaceTimeSvg.PURPLE;
import static cohortbank.common.trace.SpaceTimeSvg.RED;
import static cohortbank.common.trace.SpaceTimeSvg.TEAL;
import static cohortbank.common.trace.SpaceTimeSvg.UNDONE;

import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The title and legend at the top of a {@link SpaceTimeSvg}: what each mark, colour and line
 * style means, in three rows (money, checkpoints and rollbacks, messages), each symbol drawn
 * exactly as the diagram draws it. Every legend shape's class starts with {@code legend-}.
 */
final class SpaceTimeLegend {

    private static final int X = 20;
    private static final int Y = 24;

    private final SvgCanvas svg;
    private final List<TraceLine> events;
    private final int processes;
    private int row;

    SpaceTimeLegend(SvgCanvas svg, List<TraceLine> events, int processes) {
        this.svg = svg;
        this.events = events;
        this.processes = processes;
    }

    void draw() {
        svg.group("legend", "");
        svg.text(X, Y, "Space-time diagram: time flows down; one line per process", "bold", 14, "#212121", "start", null);
        if (!events.isEmpty()) {
            svg.text(X, Y + 18, events.size() + " events of " + processes + " processes, "
                    + events.get(0).time().toString().replace('T', ' ').replaceAll("(\\.\\d+)?Z$", "") + " to "
                    + events.get(events.size() - 1).time().toString().replaceAll(".*T", "").replaceAll("(\\.\\d+)?Z$", "")
                    + " UTC", "normal", 12, "#616161", "start", null);
        }
        row = Y + 46;
        int x = X;
        x = item(x, "transfer", s -> svg.line(s, row - 4, s + 30, row - 4, BLUE, 2, null, "arrow-blue", "legend-transfer"));
        x = item(x, "re-sent transfer", s -> {
            svg.ring(s + 3, row - 4, 5, BLUE, 2, "legend-resend");
            svg.line(s + 8, row - 4, s + 30, row - 4, BLUE, 2, null, "arrow-blue", "legend-transfer");
        });
        x = item(x, "copy already held", s -> svg.line(s, row - 4, s + 30, row - 4, BLUE, 0.9, "3,3", "arrow-blue",
                "legend-transfer-copy"));
        x = item(x, "lost transfer", s -> {
            svg.line(s, row - 4, s + 24, row - 4, RED, 2, "5,3", null, "legend-lost");
            svg.cross(s + 28, row - 4, 5, RED, "legend-lost");
        });
        item(x, "undone by a rollback or crash (struck out)", s -> svg.line(s, row - 4, s + 30, row - 4, UNDONE, 2,
                "6,4", "arrow-undone", "legend-undone"));
        row += 24;
        x = X;
        x = item(x, "tentative checkpoint", s -> svg.checkpointBox(s + 12, row - 4, "tentative", "legend-tentative"));
        x = item(x, "permanent checkpoint", s -> svg.checkpointBox(s + 12, row - 4, "permanent", "legend-permanent"));
        x = item(x, "aborted", s -> svg.checkpointBox(s + 12, row - 4, "aborted", "legend-aborted"));
        x = item(x, "rollback to a checkpoint", s -> svg.path(String.format(Locale.ROOT, "M%d,%d C%d,%d %d,%d %d,%d",
                s + 4, row, s - 6, row - 4, s + 10, row - 12, s + 30, row - 10), RED, 2, null, "arrow-red", "legend-rollback"));
        x = item(x, "crash", s -> svg.cross(s + 14, row - 4, 7, RED, "legend-crash"));
        item(x, "recovery", s -> svg.ring(s + 14, row - 4, 8, GREEN, 3, "legend-recovery"));
        row += 24;
        x = X;
        x = item(x, "checkpoint request, vote, decision", s -> svg.line(s, row - 4, s + 30, row - 4, PURPLE, 1.4, null,
                "arrow-purple", "legend-control"));
        x = item(x, "rollback request, vote, decision, resync", s -> svg.line(s, row - 4, s + 30, row - 4, CRIMSON, 1.4,
                null, "arrow-crimson", "legend-control"));
        item(x, "outcome question", s -> svg.line(s, row - 4, s + 30, row - 4, TEAL, 1.4, null, "arrow-teal",
                "legend-control"));
        row += 24;
        x = X;
        x = item(x, "acks, bank requests and answers", s -> svg.line(s, row - 4, s + 30, row - 4, GREY, 0.8, null,
                "arrow-grey", "legend-datagram"));
        x = item(x, "dropped datagram", s -> {
            svg.line(s, row - 4, s + 24, row - 4, GREY, 1.4, "4,3", null, "legend-drop");
            svg.cross(s + 28, row - 4, 5, RED, "legend-drop");
        });
        item(x, "duplicated datagram (second copy dashed)", s -> {
            svg.haloText(s, row, "x2", TEAL, "legend-duplicate", "start", 10, false);
            svg.line(s + 16, row - 4, s + 30, row - 4, GREY, 0.8, "3,3", "arrow-grey", "legend-duplicate");
        });
        svg.endGroup();
    }

    /** Draws a symbol starting at {@code x} and its caption; returns the next item's x. */
    private int item(int x, String caption, IntConsumer symbol) {
        symbol.accept(x);
        svg.text(x + 40, row, caption, "normal", 12, "#424242", "start", null);
        return x + 40 + caption.length() * 7 + 24;
    }

}
