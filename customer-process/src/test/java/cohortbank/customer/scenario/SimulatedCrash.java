package cohortbank.customer.scenario;

/** Thrown inside a node's own code to stop it dead at an exact step, like {@code kill -9}. */
final class SimulatedCrash extends RuntimeException {

    final String node;

    SimulatedCrash(String node) {
        super(node + " crashed");
        this.node = node;
    }
}
