package cohortbank.customer.wire;

import cohortbank.common.net.Endpoint;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.MalformedMessageException;

/** A cohort member as the bank announces it: {@code name@ipv4:port2}. */
public record Member(String name, Endpoint peer) {

    public static Member parse(String token) throws MalformedMessageException {
        int at = token.indexOf('@');
        if (at <= 0) {
            throw new MalformedMessageException("bad member '" + token + "': expected name@ipv4:port2");
        }
        String name = token.substring(0, at);
        if (!Args.NAME.matcher(name).matches()) {
            throw new MalformedMessageException("bad member name '" + name + "'");
        }
        try {
            return new Member(name, Endpoint.parse(token.substring(at + 1)));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("bad member '" + token + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name + "@" + peer;
    }
}
