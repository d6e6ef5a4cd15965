package cohortbank.customer.runner;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Args;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses the scenario format of docs/SCENARIOS.md. Every problem is reported with the file
 * name and line number, and the whole file is checked before anything runs, so a typo on the
 * last line does not waste a run.
 */
public final class ScenarioParser {

    /** Default bound of {@code await}. */
    public static final long DEFAULT_AWAIT_MILLIS = 10_000;
    /** Default bound of {@code check invariants}. */
    public static final long DEFAULT_QUIET_MILLIS = 15_000;
    /** No single wait may be longer than this. */
    public static final long MAX_WAIT_MILLIS = 120_000;

    private static final Pattern PROMPT = Pattern.compile("([A-Za-z][A-Za-z0-9_-]{0,31})>\\s*(.*)");
    private static final Set<String> FAULT_OPTIONS = Set.of("--drop", "--duplicate", "--reorder", "--delay");

    private ScenarioParser() {
    }

    /** Reads and parses a scenario file; its name is the file name without {@code .scn}. */
    public static Scenario parse(Path file) throws IOException, ScenarioSyntaxException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".scn") ? fileName.substring(0, fileName.length() - 4) : fileName;
        return parse(name, file.toString(), text);
    }

    /** Parses scenario text; {@code source} names it in error messages. */
    public static Scenario parse(String name, String source, String text) throws ScenarioSyntaxException {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                steps.add(step(i + 1, line));
            } catch (Bad bad) {
                throw new ScenarioSyntaxException(source, i + 1, bad.getMessage());
            }
        }
        if (steps.isEmpty()) {
            throw new ScenarioSyntaxException(source, Math.max(1, lines.length), "the scenario has no steps");
        }
        return new Scenario(name, source, steps, Arrays.asList(lines));
    }

    /** A problem with one line; the caller adds where it is. */
    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        Bad(String message) {
            super(message);
        }
    }

    private static Step step(int n, String line) throws Bad {
        var prompt = PROMPT.matcher(line);
        if (prompt.matches()) {
            String[] commandAndExpectation = splitExpectation(prompt.group(2));
            if (commandAndExpectation[0].isEmpty()) {
                throw new Bad("no command after '" + prompt.group(1) + ">'");
            }
            return new Step.Command(n, prompt.group(1), commandAndExpectation[0],
                    expectation(commandAndExpectation[1]));
        }
        String[] words = line.split("\\s+");
        String verb = words[0];
        List<String> rest = Arrays.asList(words).subList(1, words.length);
        return switch (verb) {
            case "start" -> start(n, rest);
            case "quit" -> new Step.Quit(n, names("quit", rest, true));
            case "kill" -> new Step.Kill(n, names("kill", rest, false));
            case "send" -> send(n, line);
            case "result" -> result(n, line);
            case "await" -> await(n, line);
            case "faults" -> faults(n, rest);
            case "sleep" -> new Step.Sleep(n, seconds("sleep", rest.size() == 1 ? rest.get(0) : null, 60_000));
            case "say" -> say(n, line);
            case "check" -> check(n, rest);
            case "show" -> {
                if (!rest.equals(List.of("balances"))) {
                    throw new Bad("expected 'show balances'");
                }
                yield new Step.ShowBalances(n);
            }
            default -> throw new Bad("unknown step '" + verb + "'; expected NAME> COMMAND, start, quit, kill, send, "
                    + "result, await, faults, sleep, say, check or show");
        };
    }

    private static Step start(int n, List<String> words) throws Bad {
        int firstOption = 0;
        while (firstOption < words.size() && !words.get(firstOption).startsWith("--")) {
            firstOption++;
        }
        List<String> names = names("start", words.subList(0, firstOption), true);
        return new Step.Start(n, names, words.subList(firstOption, words.size()));
    }

    /** One or more distinct process names; {@code bank} only where {@code bankAllowed}. */
    private static List<String> names(String verb, List<String> words, boolean bankAllowed) throws Bad {
        if (words.isEmpty()) {
            throw new Bad(verb + ": which process? expected '" + verb + " NAME...'");
        }
        Set<String> seen = new HashSet<>();
        for (String name : words) {
            name(verb, name);
            if (name.equals(ScenarioInterpreter.BANK) && !bankAllowed) {
                throw new Bad(verb + ": the bank cannot be named here");
            }
            if (!seen.add(name)) {
                throw new Bad(verb + ": '" + name + "' named twice");
            }
        }
        return List.copyOf(words);
    }

    private static String name(String verb, String name) throws Bad {
        if (!Args.NAME.matcher(name).matches()) {
            throw new Bad(verb + ": '" + name + "' is not a process name (a letter, then up to 31 letters, digits,"
                    + " '_' or '-')");
        }
        return name;
    }

    private static Step send(int n, String line) throws Bad {
        String[] parts = line.split("\\s+", 3);
        if (parts.length < 3) {
            throw new Bad("expected 'send NAME COMMAND...'");
        }
        return new Step.Send(n, name("send", parts[1]), parts[2]);
    }

    private static Step result(int n, String line) throws Bad {
        String[] split = splitExpectation(line.substring("result".length()).strip());
        String[] words = split[0].split("\\s+");
        if (words.length != 1 || words[0].isEmpty()) {
            throw new Bad("expected 'result NAME [=> EXPECTATION]'");
        }
        return new Step.Result(n, name("result", words[0]), expectation(split[1]));
    }

    /** "COMMAND => EXPECTATION" into its two parts; the expectation is empty when absent. */
    private static String[] splitExpectation(String text) {
        int arrow = text.indexOf("=>");
        if (arrow < 0) {
            return new String[] {text.strip(), ""};
        }
        return new String[] {text.substring(0, arrow).strip(), text.substring(arrow + 2).strip()};
    }

    private static Expectation expectation(String text) throws Bad {
        if (text.isEmpty() || text.equals("SUCCESS")) {
            return new Expectation.Success();
        }
        if (text.equals("FAILURE")) {
            return new Expectation.Failure();
        }
        if (text.equals("anything")) {
            return new Expectation.Anything();
        }
        if (text.startsWith("/")) {
            return new Expectation.Matches(regex(text));
        }
        if (text.startsWith("took part:")) {
            List<String> names = new ArrayList<>();
            for (String name : text.substring("took part:".length()).split("[\\s,]+")) {
                if (!name.isEmpty()) {
                    names.add(name("took part", name));
                }
            }
            if (names.isEmpty()) {
                throw new Bad("'took part:' needs at least one name");
            }
            return new Expectation.TookPart(new HashSet<>(names));
        }
        throw new Bad("unknown expectation '" + text + "'; expected SUCCESS, FAILURE, /REGEX/, "
                + "'took part: NAME...' or anything");
    }

    /** "/REGEX/" exactly (the last '/' closes it). */
    private static Pattern regex(String text) throws Bad {
        int close = text.lastIndexOf('/');
        if (close == 0) {
            throw new Bad("the pattern " + text + " has no closing '/'");
        }
        if (close != text.length() - 1) {
            throw new Bad("unexpected '" + text.substring(close + 1).strip() + "' after the pattern");
        }
        try {
            return Pattern.compile(text.substring(1, close));
        } catch (PatternSyntaxException e) {
            throw new Bad("bad pattern /" + text.substring(1, close) + "/: " + e.getDescription());
        }
    }

    private static Step await(int n, String line) throws Bad {
        String[] parts = line.split("\\s+", 3);
        if (parts.length < 3 || !parts[2].startsWith("/")) {
            throw new Bad("expected 'await NAME /REGEX/ [within SECONDS]'");
        }
        String rest = parts[2];
        int close = rest.lastIndexOf('/');
        if (close == 0) {
            throw new Bad("the pattern " + rest + " has no closing '/'");
        }
        Pattern pattern = regex(rest.substring(0, close + 1));
        String tail = rest.substring(close + 1).strip();
        long timeout = DEFAULT_AWAIT_MILLIS;
        if (!tail.isEmpty()) {
            String[] within = tail.split("\\s+");
            if (within.length != 2 || !within[0].equals("within")) {
                throw new Bad("unexpected '" + tail + "' after the pattern; expected 'within SECONDS'");
            }
            timeout = seconds("await", within[1], MAX_WAIT_MILLIS);
        }
        return new Step.Await(n, name("await", parts[1]), pattern, timeout);
    }

    private static Step faults(int n, List<String> words) throws Bad {
        if (words.isEmpty()) {
            throw new Bad("expected 'faults NAME off' or 'faults NAME [--to PEER] [--drop P] [--duplicate P] "
                    + "[--reorder P] [--delay MS[-MS]]'");
        }
        String process = name("faults", words.get(0));
        List<String> rest = words.subList(1, words.size());
        if (rest.equals(List.of("off"))) {
            return new Step.Faults(n, process, null, List.of("off"));
        }
        String to = null;
        List<String> options = new ArrayList<>();
        for (int i = 0; i < rest.size(); i += 2) {
            String option = rest.get(i);
            if (i + 1 >= rest.size()) {
                throw new Bad("faults: " + option + " needs a value");
            }
            String value = rest.get(i + 1);
            if (option.equals("--to")) {
                if (to != null) {
                    throw new Bad("faults: --to given twice");
                }
                to = name("faults --to", value);
            } else if (FAULT_OPTIONS.contains(option)) {
                options.add(option);
                options.add(value);
            } else {
                throw new Bad("faults: unknown option '" + option + "'; expected --to, --drop, --duplicate, "
                        + "--reorder or --delay");
            }
        }
        if (options.isEmpty()) {
            throw new Bad("faults: no fault given; expected --drop, --duplicate, --reorder or --delay, or 'off'");
        }
        return new Step.Faults(n, process, to, options);
    }

    private static long seconds(String verb, String text, long maxMillis) throws Bad {
        if (text == null) {
            throw new Bad("expected '" + verb + " SECONDS'");
        }
        double seconds;
        try {
            seconds = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new Bad(verb + ": '" + text + "' is not a number of seconds");
        }
        if (!(seconds > 0) || seconds * 1000 > maxMillis) {
            throw new Bad(verb + ": " + text + " seconds is out of range (more than 0, at most "
                    + maxMillis / 1000 + ")");
        }
        return Math.round(seconds * 1000);
    }

    private static Step say(int n, String line) throws Bad {
        String text = line.substring("say".length()).strip();
        if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
            throw new Bad("expected 'say \"TEXT\"'");
        }
        return new Step.Say(n, text.substring(1, text.length() - 1));
    }

    private static Step check(int n, List<String> words) throws Bad {
        String what = words.isEmpty() ? "" : words.get(0);
        List<String> rest = words.subList(Math.min(1, words.size()), words.size());
        switch (what) {
            case "balance" -> {
                if (rest.isEmpty() || rest.size() % 2 != 0) {
                    throw new Bad("expected 'check balance NAME AMOUNT [NAME AMOUNT...]'");
                }
                Map<String, Long> cents = new LinkedHashMap<>();
                for (int i = 0; i < rest.size(); i += 2) {
                    String name = name("check balance", rest.get(i));
                    if (cents.put(name, amount(rest.get(i + 1))) != null) {
                        throw new Bad("check balance: '" + name + "' named twice");
                    }
                }
                return new Step.CheckBalance(n, cents);
            }
            case "total" -> {
                if (rest.size() != 1) {
                    throw new Bad("expected 'check total AMOUNT'");
                }
                return new Step.CheckTotal(n, amount(rest.get(0)));
            }
            case "invariants" -> {
                if (rest.isEmpty()) {
                    return new Step.CheckInvariants(n, DEFAULT_QUIET_MILLIS);
                }
                if (rest.size() != 2 || !rest.get(0).equals("within")) {
                    throw new Bad("expected 'check invariants [within SECONDS]'");
                }
                return new Step.CheckInvariants(n, seconds("check invariants", rest.get(1), MAX_WAIT_MILLIS));
            }
            default -> throw new Bad("expected 'check balance', 'check total' or 'check invariants'");
        }
    }

    private static long amount(String text) throws Bad {
        try {
            return Money.parse(text).cents();
        } catch (IllegalArgumentException e) {
            throw new Bad(e.getMessage());
        }
    }
}
