package cohortbank.customer.sim;

/**
 * Thrown inside a simulated process's own code to stop it dead at an exact step, like
 * {@code kill -9}: whoever drives the simulation catches it and kills that process. Nothing in
 * the protocol code may catch it.
 */
public final class SimulatedCrash extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String node;

    public SimulatedCrash(String node) {
        super(node + " crashed", null, false, false);
        this.node = node;
    }

    /** The customer that died. */
    public String node() {
        return node;
    }
}
