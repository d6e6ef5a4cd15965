package cohortbank.bank;

import java.util.ArrayList;
import java.util.List;

/**
 * Adds each member's public key to a {@code cohort-formed} notice: a member token
 * {@code name@ipv4:port2} becomes {@code name@ipv4:port2#KEY} (see docs/PROTOCOL.md). The
 * notice travels authenticated by the bank, so a peer that reads it learns the one key under
 * which it will accept each member's messages. Other notices pass unchanged.
 */
final class MemberKeys {

    static final String COHORT_FORMED = "cohort-formed";

    private MemberKeys() {
    }

    static List<String> withKeys(List<String> body, KeyBindings bindings) {
        if (body.isEmpty() || !body.get(0).equals(COHORT_FORMED)) {
            return body;
        }
        List<String> out = new ArrayList<>(body.subList(0, Math.min(2, body.size())));
        for (String member : body.subList(Math.min(2, body.size()), body.size())) {
            int at = member.indexOf('@');
            String name = at < 0 ? member : member.substring(0, at);
            out.add(bindings.keyOf(name).map(k -> member + "#" + k).orElse(member));
        }
        return out;
    }
}
