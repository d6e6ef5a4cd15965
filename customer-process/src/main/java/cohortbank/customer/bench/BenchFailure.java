package cohortbank.customer.bench;

/** A process in the benchmark did not do what it should: the run stops and says what came instead. */
final class BenchFailure extends RuntimeException {

    BenchFailure(String message) {
        super(message);
    }
}
