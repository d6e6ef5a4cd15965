package cohortbank.common.net;

/**
 * Told what the fault layer did to a datagram, so that a trace can show it: a datagram that
 * was dropped on purpose, or sent twice. Called on the sending thread, right after the send
 * that was dropped or duplicated; must not block or throw.
 */
public interface FaultObserver {

    /** Observes nothing. */
    FaultObserver NONE = new FaultObserver() {
        @Override
        public void dropped(Endpoint to, String text, String why) {
        }

        @Override
        public void duplicated(Endpoint to, String text) {
        }
    };

    /**
     * {@code text}, as it went to the layer below, never reached {@code to}.
     *
     * @param why one word: {@code loss} (a drawn loss), {@code cut} (a partition), {@code down}
     *            (the receiver was gone when it arrived), {@code size} (too large for a datagram)
     */
    void dropped(Endpoint to, String text, String why);

    /** {@code text} was sent to {@code to} twice. */
    void duplicated(Endpoint to, String text);
}
