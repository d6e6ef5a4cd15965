package cohortbank.common.wire.bank;

import cohortbank.common.wire.Args;
import cohortbank.common.wire.MalformedMessageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every notice the bank sends a cohort member on its port1, as body tokens verb first: the
 * bank builds them, the customer reads them, and both only through these records.
 * {@link #parse} is the single decoder and names what is wrong with a bad notice. The bank
 * repeats a notice until the member answers it; docs/PROTOCOL.md describes each.
 */
public sealed interface BankNotice {

    /** The body tokens, verb first. */
    List<String> body();

    /** The cohort the notice is about. */
    long cohortId();

    /** The notice's verb, the first token of its body. */
    default String verb() {
        return body().get(0);
    }

    /** A cohort was formed with these members (the receiver among them); they move no money in it until confirmed. */
    record CohortFormed(long cohortId, List<Member> members) implements BankNotice {
        public static final String VERB = "cohort-formed";
        public static final String USAGE = "cohort-formed <cohort-id> <name@ipv4:port2#key>...";

        public CohortFormed {
            members = List.copyOf(members);
        }

        public List<String> body() {
            List<String> body = new ArrayList<>(members.size() + 2);
            body.add(VERB);
            body.add(Long.toString(cohortId));
            members.forEach(m -> body.add(m.toString()));
            return body;
        }

        /**
         * The same notice with each member's public key, as {@code keyOf} gives it (a member
         * it has none for keeps what it had): the notice travels authenticated by the bank,
         * so a member that reads it learns the one key under which it accepts each peer.
         */
        public CohortFormed withKeys(Function<String, Optional<String>> keyOf) {
            return new CohortFormed(cohortId, members.stream()
                    .map(m -> keyOf.apply(m.name()).map(k -> new Member(m.name(), m.peer(), k)).orElse(m))
                    .toList());
        }
    }

    /** What the bank tells a member about a cohort after {@code cohort-formed}. */
    enum Notice {
        /** The cohort is recorded: a prepared member may now move money in it. */
        CONFIRMED("cohort-confirmed"),
        /** The cohort is being deleted: start nothing new, and answer once drained. */
        FREEZE("cohort-freeze"),
        /** The deletion was abandoned: carry on as before the freeze. */
        THAW("cohort-thaw"),
        /** The cohort is gone (deleted, or its formation cancelled): leave it. */
        DELETED("cohort-deleted");

        public final String verb;

        Notice(String verb) {
            this.verb = verb;
        }

        /** The notice whose verb is {@code verb}, if there is one. */
        static Optional<Notice> ofVerb(String verb) {
            for (Notice n : values()) {
                if (n.verb.equals(verb)) {
                    return Optional.of(n);
                }
            }
            return Optional.empty();
        }
    }

    /** One {@link Notice} about cohort {@code cohortId}. */
    record CohortNotice(Notice notice, long cohortId) implements BankNotice {
        public List<String> body() {
            return List.of(notice.verb, Long.toString(cohortId));
        }
    }

    /**
     * Decodes a notice's body (verb first); every problem becomes a
     * {@link MalformedMessageException} naming it.
     */
    static BankNotice parse(List<String> body) throws MalformedMessageException {
        if (body.isEmpty()) {
            throw new MalformedMessageException("empty message");
        }
        String verb = body.get(0);
        List<String> a = body.subList(1, body.size());
        if (verb.equals(CohortFormed.VERB)) {
            Args r = Args.any(verb, a, CohortFormed.USAGE);
            long id = r.number("cohort-id", 1, Long.MAX_VALUE);
            List<Member> members = new ArrayList<>();
            while (r.hasNext()) {
                members.add(Member.parse(r.token("member")));
            }
            if (members.size() < 2) {
                throw r.fail("a cohort needs at least 2 members, got " + members.size());
            }
            if (members.stream().map(Member::name).distinct().count() != members.size()) {
                throw r.fail("a member is listed twice");
            }
            return new CohortFormed(id, members);
        }
        Optional<Notice> notice = Notice.ofVerb(verb);
        if (notice.isEmpty()) {
            throw new MalformedMessageException("unknown message '" + verb + "'");
        }
        Args r = Args.exactly(verb, a, verb + " <cohort-id>");
        return new CohortNotice(notice.get(), r.number("cohort-id", 1, Long.MAX_VALUE));
    }
}
