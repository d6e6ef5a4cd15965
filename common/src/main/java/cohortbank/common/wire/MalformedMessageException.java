package cohortbank.common.wire;

/**
 * A datagram or command line that does not follow the wire format. The message is the reason
 * shown to whoever sent it, after {@code FAILURE}, so it names exactly what was wrong.
 */
public final class MalformedMessageException extends Exception {

    public MalformedMessageException(String reason) {
        super(reason);
    }
}
