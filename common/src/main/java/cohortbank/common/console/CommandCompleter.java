package cohortbank.common.console;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completes the first word of a line to a command name; the candidate list shows each command's
 * usage and what it does. After a known command name, Tab at an argument whose usage placeholder
 * has words registered with {@link #completeArgument} (such as {@code <receiver>}) offers those
 * words; at any other argument it prints the command's usage above the prompt instead, as the
 * hint for the arguments still to type.
 */
final class CommandCompleter implements Completer {

    private final List<Candidate> candidates;
    private final Map<String, CommandSpec> byName;
    /** Placeholder without its angle brackets, such as {@code receiver}, to the words it takes. */
    private final Map<String, Supplier<List<String>>> argumentWords = new ConcurrentHashMap<>();

    CommandCompleter(List<CommandSpec> commands) {
        this.candidates = commands.stream()
                .map(c -> new Candidate(c.name(), c.usage(), null, c.help(), null, null, true))
                .toList();
        this.byName = commands.stream().collect(Collectors.toMap(CommandSpec::name, Function.identity()));
    }

    /** Tab at an argument written {@code <placeholder>} in a usage offers {@code words}' answer. */
    void completeArgument(String placeholder, Supplier<List<String>> words) {
        argumentWords.put(placeholder, words);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        if (line.wordIndex() == 0) {
            out.addAll(candidates);
            return;
        }
        CommandSpec command = byName.get(line.words().get(0));
        if (command == null) {
            return;
        }
        Supplier<List<String>> words = argumentWords.get(placeholder(command.usage(), line.wordIndex()));
        if (words != null) {
            for (String word : wordsOf(words)) {
                out.add(new Candidate(word, word, null, null, null, null, true));
            }
            return;
        }
        reader.printAbove("usage: " + command.usage());
    }

    /** The placeholder name at argument {@code index} of {@code usage} ({@code receiver}), or "". */
    static String placeholder(String usage, int index) {
        String[] words = usage.split("\\s+");
        if (index >= words.length) {
            return "";
        }
        String word = words[index].replace("[", "").replace("]", "");
        return word.startsWith("<") && word.endsWith(">") ? word.substring(1, word.length() - 1) : "";
    }

    private static List<String> wordsOf(Supplier<List<String>> words) {
        try {
            List<String> answer = words.get();
            return answer == null ? List.of() : answer;
        } catch (RuntimeException e) {
            return List.of(); // nothing to offer is better than a broken line editor
        }
    }
}
