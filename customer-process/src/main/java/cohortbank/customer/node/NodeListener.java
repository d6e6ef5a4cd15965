package cohortbank.customer.node;

/**
 * Where a customer node reports what happens: unprompted console lines and the process log.
 * Implementations must not throw and must not call back into the node.
 */
public interface NodeListener {

    /** Something the user should see unprompted; printed as {@code EVENT <text>}. */
    void event(String text);

    /** A diagnostic line for the process log only. */
    void log(String text);

    NodeListener SILENT = new NodeListener() {
        @Override
        public void event(String text) { }

        @Override
        public void log(String text) { }
    };
}
