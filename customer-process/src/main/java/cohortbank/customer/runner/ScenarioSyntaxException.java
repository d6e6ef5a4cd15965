package cohortbank.customer.runner;

/** A scenario line that does not parse; the message reads {@code FILE:LINE: what is wrong}. */
public final class ScenarioSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;

    public ScenarioSyntaxException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.line = line;
    }

    /** The 1-based line that does not parse. */
    public int line() {
        return line;
    }
}
