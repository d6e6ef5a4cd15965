package cohortbank.common.store;

import java.io.IOException;

/**
 * A durable write or delete failed (disk full, I/O error): the process must stop at once
 * (fail-stop), so that its memory never runs ahead of its disk; a restart then recovers from
 * what is durable, as after a crash.
 *
 * <p>Contract: protocol code never catches it; it travels up to the process's event loop (or
 * the simulator), which reports it in one line naming the file and the error and ends the
 * process with a non-zero status.
 */
public final class DurabilityFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The exit status of a process stopped by a failed durable write. */
    public static final int EXIT_STATUS = 3;

    public DurabilityFailure(String what, IOException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }

    /**
     * A durable write that did not fail with an I/O error but with anything else (a bug in the
     * code that writes, say): whether any of it reached the disk is as unknown, so the process
     * stops the same way: a {@link RuntimeException}, or an {@link Error} (out of memory while
     * writing, say). The message names the exception's class, since its text may be empty.
     */
    public DurabilityFailure(String what, Throwable cause) {
        super(what + ": " + cause, cause);
    }

    /** The durability failure in {@code e} or its causes, or null when there is none. */
    public static DurabilityFailure in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DurabilityFailure failure) {
                return failure;
            }
        }
        return null;
    }
}
