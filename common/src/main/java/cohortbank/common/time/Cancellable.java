package cohortbank.common.time;

/** A scheduled task that can still be called off. Cancelling twice, or after it ran, is harmless. */
@FunctionalInterface
public interface Cancellable {

    Cancellable NONE = () -> { };

    void cancel();
}
