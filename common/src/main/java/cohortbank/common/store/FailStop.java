package cohortbank.common.store;

import cohortbank.common.log.ProcessLog;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A process's fail-stop switch (DESIGN §8): the first {@link DurabilityFailure} silences the
 * process (its ports close and its event loop runs no further task, as if it had been killed
 * at that write), then hands the failure to the handler that ends the process. Thread-safe;
 * later failures change nothing.
 */
public final class FailStop {

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ProcessLog log;
    private final Runnable silence;
    private volatile Consumer<DurabilityFailure> handler = failure -> { };

    /** {@code silence} closes the process's ports and stops its loop, at once. */
    public FailStop(ProcessLog log, Runnable silence) {
        this.log = Objects.requireNonNull(log, "log");
        this.silence = Objects.requireNonNull(silence, "silence");
    }

    /**
     * Sets what ends the process: a real one prints the failure and exits with
     * {@link DurabilityFailure#EXIT_STATUS}. It runs after the process has gone silent, so
     * whatever it does cannot let memory run ahead of the disk.
     */
    public void onStop(Consumer<DurabilityFailure> handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** True once a failed durable write stopped the process. */
    public boolean stopped() {
        return stopped.get();
    }

    /** Stops the process for {@code failure}, once. */
    public void stop(DurabilityFailure failure) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        log.error("stopping: a durable write failed (fail-stop)", failure);
        silence.run();
        handler.accept(failure);
    }
}
