package cohortbank.common.net;

/**
 * One received datagram: who sent it and its text, already decoded from UTF-8.
 *
 * @param from   the source address, as the network says: anyone can forge it
 * @param sender the public key that authenticated the datagram (see
 *               {@code cohortbank.common.security.AuthenticatingTransport}), or null for a bare
 *               datagram that nobody vouches for
 */
public record Datagram(Endpoint from, String text, String sender) {

    /** A datagram nobody vouches for. */
    public Datagram(Endpoint from, String text) {
        this(from, text, null);
    }

    /** True when a known key authenticated this datagram. */
    public boolean authenticated() {
        return sender != null;
    }
}
