package cohortbank.customer.runner;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a run looks on the runner's stdout: narration, each command with its result, events as
 * they arrive, checks, and the verdict. Aligned columns; ANSI colour only when asked for (the
 * scripts ask when stdout is a terminal). Thread-safe: events arrive on reader threads.
 */
public final class Narrator {

    private static final int NAME_WIDTH = 6;
    private static final int COMMAND_WIDTH = 30;

    private final PrintStream out;
    private final boolean colour;
    private final long paceMillis;
    private final List<String> heldEvents = new ArrayList<>();
    private boolean holding;
    private boolean spoken;

    /**
     * @param paceMillis pause before each narration line but the first, so that a person can
     *                   follow the story (0 for none)
     */
    public Narrator(PrintStream out, boolean colour, long paceMillis) {
        this.out = out;
        this.colour = colour;
        this.paceMillis = paceMillis;
    }

    public Narrator(PrintStream out, boolean colour) {
        this(out, colour, 0);
    }

    /** A narrator that prints nothing. */
    public static Narrator silent() {
        return new Narrator(new PrintStream(PrintStream.nullOutputStream()), false);
    }

    private String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    public synchronized void title(String text) {
        out.println(paint("1", "== " + text));
    }

    /** A narration line from the scenario's {@code say}; paced (this may sleep). */
    public void say(String text) throws InterruptedException {
        if (spoken && paceMillis > 0) {
            Thread.sleep(paceMillis);
        }
        spoken = true;
        sayNow(text);
    }

    private synchronized void sayNow(String text) {
        out.println();
        out.println(paint("1;36", "  " + text));
    }

    /**
     * A command is being typed: events that arrive until its {@link #command} line is printed
     * are held and shown after it, so that effects read after their cause.
     */
    public synchronized void typing() {
        holding = true;
    }

    /** A command typed into a process, and the result line it got; then any events held meanwhile. */
    public synchronized void command(String process, String command, String result) {
        String prompt = pad(process + "> " + command, NAME_WIDTH + 2 + COMMAND_WIDTH);
        out.println("    " + prompt + " " + result(result));
        holding = false;
        heldEvents.forEach(out::println);
        heldEvents.clear();
    }

    /** Table lines a command printed before its result, shown indented under it. */
    public synchronized void table(List<String> lines) {
        for (String line : lines) {
            out.println("        " + paint("2", line));
        }
    }

    private String result(String line) {
        if (line.startsWith("SUCCESS")) {
            return paint("32", "SUCCESS") + line.substring(7);
        }
        if (line.startsWith("FAILURE")) {
            return paint("31", "FAILURE") + line.substring(7);
        }
        return line;
    }

    /** An unprompted {@code EVENT} line of a process. */
    public synchronized void event(String process, String line) {
        String shown = "    " + pad(process, NAME_WIDTH) + "  " + paint("33", line);
        if (holding) {
            heldEvents.add(shown);
        } else {
            out.println(shown);
        }
    }

    /** Something the runner itself did or checked. */
    public synchronized void action(String text) {
        out.println("    " + paint("35", "* ") + text);
    }

    /** A check that held. */
    public synchronized void ok(String text) {
        out.println("    " + paint("32", "ok ") + text);
    }

    /** One verdict per invariant, in rows of three, each "ok NAME" or "NO NAME". */
    public synchronized void verdicts(Map<String, Boolean> verdicts) {
        StringBuilder row = new StringBuilder("       ");
        int inRow = 0;
        for (Map.Entry<String, Boolean> v : verdicts.entrySet()) {
            String mark = v.getValue() ? paint("32", "ok") : paint("31", "NO");
            row.append(' ').append(mark).append(' ').append(pad(v.getKey(), 22));
            if (++inRow == 3) {
                out.println(row.toString().stripTrailing());
                row = new StringBuilder("       ");
                inRow = 0;
            }
        }
        if (inRow > 0) {
            out.println(row.toString().stripTrailing());
        }
    }

    /** A failed expectation, with the tail of every process's output. */
    public synchronized void failure(String text) {
        out.println();
        for (String line : text.split("\n")) {
            out.println(paint("31", line));
        }
    }

    /** A plain line, such as a path or a summary. */
    public synchronized void line(String text) {
        out.println(text);
    }

    /** The verdict of a scenario. */
    public synchronized void verdict(boolean passed, String text) {
        out.println(paint(passed ? "1;32" : "1;31", (passed ? "PASSED " : "FAILED ") + text));
    }
}
