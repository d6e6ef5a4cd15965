package cohortbank.common.console;

import java.util.Objects;

/**
 * One console command as the user sees it, used for the {@code help} table and tab completion.
 *
 * <p>Contract: {@code name} is the single word typed first (non-empty, no whitespace);
 * {@code usage} shows the whole command with its arguments, for example
 * {@code transfer <amount> <receiver>}; {@code help} is one short sentence.
 */
public record CommandSpec(String name, String usage, String help) {

    public CommandSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(help, "help");
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("command name must be one word: '" + name + "'");
        }
    }
}
