package cohortbank.common.wire;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a message's arguments in order, turning every problem into a
 * {@link MalformedMessageException} that names the command and the bad argument.
 *
 * <p>Usage: {@code Args a = Args.of(envelope, "open <name> <balance> <ipv4> <port1> <port2>");}
 * checks the count against the usage; then {@code a.name()}, {@code a.money(...)} and so on.
 */
public final class Args {

    /** Customer names: letters, digits, '_' and '-', at most 32, starting with a letter. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");

    private final String verb;
    private final String usage;
    private final List<String> tokens;
    private int next;

    private Args(String verb, String usage, List<String> tokens) {
        this.verb = verb;
        this.usage = usage;
        this.tokens = tokens;
    }

    /**
     * Starts reading {@code args} of command {@code verb}; the argument count must equal the
     * number of {@code <...>} placeholders in {@code usage}.
     */
    public static Args exactly(String verb, List<String> args, String usage)
            throws MalformedMessageException {
        int expected = (int) usage.chars().filter(c -> c == '<').count();
        if (args.size() != expected) {
            throw new MalformedMessageException(verb + ": expected " + expected + " argument"
                    + (expected == 1 ? "" : "s") + ", got " + args.size() + " (usage: " + usage + ")");
        }
        return new Args(verb, usage, args);
    }

    /** Starts reading {@code args} with no count check; for variable-length messages. */
    public static Args any(String verb, List<String> args, String usage) {
        return new Args(verb, usage, args);
    }

    public boolean hasNext() {
        return next < tokens.size();
    }

    public int remaining() {
        return tokens.size() - next;
    }

    public String token(String what) throws MalformedMessageException {
        if (!hasNext()) {
            throw fail("missing " + what);
        }
        return tokens.get(next++);
    }

    public String name(String what) throws MalformedMessageException {
        String token = token(what);
        if (!NAME.matcher(token).matches()) {
            throw fail("bad " + what + " '" + token
                    + "': use a letter then letters, digits, '_' or '-', at most 32");
        }
        return token;
    }

    public Money amount(String what) throws MalformedMessageException {
        String token = token(what);
        try {
            return Money.parsePositive(token);
        } catch (IllegalArgumentException e) {
            throw fail("bad " + what + ": " + e.getMessage());
        }
    }

    public Money balance(String what) throws MalformedMessageException {
        String token = token(what);
        try {
            return Money.parseNonNegative(token);
        } catch (IllegalArgumentException e) {
            throw fail("bad " + what + ": " + e.getMessage());
        }
    }

    public String ipv4(String what) throws MalformedMessageException {
        String token = token(what);
        if (!Endpoint.isIpv4(token)) {
            throw fail("bad " + what + " '" + token + "': expected an IPv4 address like 127.0.0.1");
        }
        return token;
    }

    public int port(String what) throws MalformedMessageException {
        String token = token(what);
        try {
            return Endpoint.parsePort(token);
        } catch (IllegalArgumentException e) {
            throw fail("bad " + what + ": " + e.getMessage());
        }
    }

    public Endpoint endpoint(String what) throws MalformedMessageException {
        String token = token(what);
        try {
            return Endpoint.parse(token);
        } catch (IllegalArgumentException e) {
            throw fail("bad " + what + ": " + e.getMessage());
        }
    }

    /** A whole number in {@code min..max}. */
    public long number(String what, long min, long max) throws MalformedMessageException {
        String token = token(what);
        long value;
        try {
            value = wholeNumber(token);
        } catch (NumberFormatException e) {
            throw fail("bad " + what + " '" + token + "': expected a whole number");
        }
        if (value < min || value > max) {
            throw fail(what + " " + value + " out of range " + min + "-" + max);
        }
        return value;
    }

    /**
     * Parses a non-negative whole number written in ASCII digits only: {@link Long#parseLong}
     * alone would also take a sign and the digits of other scripts ({@code +5}, {@code ١٢},
     * {@code １２}), so two texts would mean one number on the wire.
     *
     * @throws NumberFormatException for anything else, or a number beyond {@code Long.MAX_VALUE}
     */
    public static long wholeNumber(String text) {
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException("not a whole number: '" + text + "'");
        }
        return Long.parseLong(text);
    }

    /** One of the given words, case-sensitive. */
    public String oneOf(String what, String... choices) throws MalformedMessageException {
        String token = token(what);
        for (String choice : choices) {
            if (choice.equals(token)) {
                return token;
            }
        }
        throw fail("bad " + what + " '" + token + "': expected one of " + String.join(", ", choices));
    }

    /** Call after reading everything, for messages read with {@link #any}. */
    public void end() throws MalformedMessageException {
        if (hasNext()) {
            throw fail("unexpected extra argument '" + tokens.get(next) + "'");
        }
    }

    public MalformedMessageException fail(String problem) {
        return new MalformedMessageException(verb + ": " + problem + " (usage: " + usage + ")");
    }
}
