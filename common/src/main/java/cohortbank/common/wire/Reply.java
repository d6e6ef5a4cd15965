package cohortbank.common.wire;

import java.util.List;

/**
 * The answer to a request: {@code SUCCESS <text>} or {@code FAILURE <reason>}, one line.
 * The same shape is used for console result lines.
 */
public record Reply(boolean success, String text) {

    public static final String SUCCESS = "SUCCESS";
    public static final String FAILURE = "FAILURE";

    public Reply {
        text = text == null ? "" : text.replaceAll("[\\r\\n]+", " ").strip();
    }

    public static Reply success(String text) {
        return new Reply(true, text);
    }

    public static Reply failure(String reason) {
        return new Reply(false, reason);
    }

    /** The body as it travels: {@code SUCCESS ...} or {@code FAILURE ...}. */
    public String line() {
        String word = success ? SUCCESS : FAILURE;
        return text.isEmpty() ? word : word + " " + text;
    }

    @Override
    public String toString() {
        return line();
    }

    /** True when {@code envelope}'s body is a reply rather than a request. */
    public static boolean isReply(Envelope envelope) {
        return envelope.verb().equals(SUCCESS) || envelope.verb().equals(FAILURE);
    }

    public static Reply of(Envelope envelope) {
        List<String> args = envelope.args();
        return new Reply(envelope.verb().equals(SUCCESS), String.join(" ", args));
    }
}
