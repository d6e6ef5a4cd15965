package cohortbank.common.wire.bank;

import cohortbank.common.net.Endpoint;
import cohortbank.common.security.PublicKeys;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.MalformedMessageException;

/**
 * A cohort member as the bank announces it: {@code name@ipv4:port2#KEY}, where KEY is the
 * public key the bank bound to the name; peers accept the member's messages only under it.
 * A member announced without a key ({@code name@ipv4:port2}) can send nothing that is accepted.
 *
 * @param key the member's public key (see {@link PublicKeys}), or null when the bank gave none
 */
public record Member(String name, Endpoint peer, String key) {

    /** A member without a key. */
    public Member(String name, Endpoint peer) {
        this(name, peer, null);
    }

    public static Member parse(String token) throws MalformedMessageException {
        int at = token.indexOf('@');
        if (at <= 0) {
            throw new MalformedMessageException("bad member '" + token + "': expected name@ipv4:port2#key");
        }
        String name = token.substring(0, at);
        if (!Args.NAME.matcher(name).matches()) {
            throw new MalformedMessageException("bad member name '" + name + "'");
        }
        int hash = token.indexOf('#', at);
        String address = hash < 0 ? token.substring(at + 1) : token.substring(at + 1, hash);
        String key = hash < 0 ? null : token.substring(hash + 1);
        if (key != null && !PublicKeys.TEXT.matcher(key).matches()) {
            throw new MalformedMessageException("bad key of member '" + name + "'");
        }
        try {
            return new Member(name, Endpoint.parse(address), key);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("bad member '" + token + "': " + e.getMessage());
        }
    }

    /** The member as the bank announced it, without its key. */
    public String address() {
        return name + "@" + peer;
    }

    @Override
    public String toString() {
        return key == null ? address() : address() + "#" + key;
    }
}
