package cohortbank.common.console;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completes the first word of a line to a command name; the candidate list shows each command's
 * usage and what it does. Tab after a known command name prints that command's usage above the
 * prompt instead, as the hint for the arguments still to type.
 */
final class CommandCompleter implements Completer {

    private final List<Candidate> candidates;
    private final Map<String, CommandSpec> byName;

    CommandCompleter(List<CommandSpec> commands) {
        this.candidates = commands.stream()
                .map(c -> new Candidate(c.name(), c.usage(), null, c.help(), null, null, true))
                .toList();
        this.byName = commands.stream().collect(Collectors.toMap(CommandSpec::name, Function.identity()));
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        if (line.wordIndex() == 0) {
            out.addAll(candidates);
            return;
        }
        CommandSpec command = byName.get(line.words().get(0));
        if (command != null) {
            reader.printAbove("usage: " + command.usage());
        }
    }
}
