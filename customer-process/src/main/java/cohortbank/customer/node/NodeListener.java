package cohortbank.customer.node;

import cohortbank.common.trace.ProtocolEvent;

/**
 * Where a customer node reports what happens: unprompted console lines, the process log, and
 * structured protocol events for the trace. Implementations must not throw and must not call
 * back into the node.
 */
public interface NodeListener {

    /** Something the user should see unprompted; printed as {@code EVENT <text>}. */
    void event(String text);

    /** A diagnostic line for the process log only. */
    void log(String text);

    /**
     * A protocol step a trace records (transfer sent or received, checkpoint taken, rollback...),
     * reported as it happens; ignored unless the process traces.
     */
    default void protocol(ProtocolEvent event) {
    }

    NodeListener SILENT = new NodeListener() {
        @Override
        public void event(String text) { }

        @Override
        public void log(String text) { }
    };
}
