package cohortbank.common.console;

/**
 * A problem that ends a process before it serves anything: the caller prints
 * {@code FAILURE <message>} on one line and exits with {@link #code()}
 * (2 for bad options, 1 when the process cannot start).
 */
public final class StartupFailure extends Exception {

    private final int code;

    public StartupFailure(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
