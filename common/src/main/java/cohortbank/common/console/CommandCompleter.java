package cohortbank.common.console;

import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completes the first word of a line to a command name; the candidate list shows each command's
 * usage, which doubles as the hint for the arguments that follow.
 */
final class CommandCompleter implements Completer {

    private final List<Candidate> candidates;

    CommandCompleter(List<CommandSpec> commands) {
        this.candidates = commands.stream()
                .map(c -> new Candidate(c.name(), c.name(), null, c.usage(), null, null, true))
                .toList();
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        if (line.wordIndex() == 0) {
            out.addAll(candidates);
        }
    }
}
