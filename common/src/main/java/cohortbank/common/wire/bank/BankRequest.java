package cohortbank.common.wire.bank;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every request a customer process (or a person with {@code nc -u}) sends the bank, as body
 * tokens verb first: the customer builds them, the bank reads them, and both only through
 * these records. {@link #parse} is the single decoder; each problem becomes a
 * {@link MalformedMessageException} naming the command, the bad argument and the usage.
 * docs/PROTOCOL.md describes each request and its answer.
 *
 * <p>A record holds what it is given: the ranges are the parser's, so that a record built by
 * a customer whose own console accepts more (a larger cohort, say) still reaches the bank,
 * which refuses it with the reason.
 */
public sealed interface BankRequest {

    /** The body tokens, verb first. */
    List<String> body();

    /** The request's verb, the first token of its body. */
    default String verb() {
        return body().get(0);
    }

    /** The requests that act for a customer and need the key bound to its name, in help order. */
    List<String> KEYED = List.of(Open.VERB, NewCohort.VERB, DeleteCohort.VERB, Exit.VERB, ReportBalance.VERB,
            CohortOf.VERB);

    /** The requests anyone may make, with or without a key. */
    List<String> PUBLIC = List.of(Help.VERB, Total.VERB, BankKey.VERB);

    /** A request that acts for the customer {@link #name()}, which must be its first argument. */
    sealed interface Keyed extends BankRequest {
        String name();
    }

    /** Registers a customer at {@code ip} with its bank port {@code port1} and peer port {@code port2}. */
    record Open(String name, Money balance, String ip, int port1, int port2) implements Keyed {
        public static final String VERB = "open";
        public static final String USAGE = "open <name> <balance> <ipv4> <port1> <port2>";

        public List<String> body() {
            return List.of(VERB, name, balance.toString(), ip, Integer.toString(port1), Integer.toString(port2));
        }
    }

    /** Forms a cohort of {@code size} active customers in no cohort, {@code name} among them. */
    record NewCohort(String name, int size) implements Keyed {
        public static final String VERB = "new-cohort";
        public static final String USAGE = "new-cohort <name> <n>";
        /** Largest cohort: its {@code cohort-formed} notice, with each member's key, must fit in one datagram. */
        public static final int MAX_SIZE = 64;

        public List<String> body() {
            return List.of(VERB, name, Integer.toString(size));
        }
    }

    /** Dissolves {@code name}'s cohort. */
    record DeleteCohort(String name) implements Keyed {
        public static final String VERB = "delete-cohort";
        public static final String USAGE = "delete-cohort <name>";

        public List<String> body() {
            return List.of(VERB, name);
        }
    }

    /** Marks customer {@code name}, in no cohort, as exited. */
    record Exit(String name) implements Keyed {
        public static final String VERB = "exit";
        public static final String USAGE = "exit <name>";

        public List<String> body() {
            return List.of(VERB, name);
        }
    }

    /** {@code name}'s checkpointed balance; {@code seq} orders its reports, the newest wins. */
    record ReportBalance(String name, Money balance, long seq) implements Keyed {
        public static final String VERB = "report-balance";
        public static final String USAGE = "report-balance <name> <balance> <seq>";

        public List<String> body() {
            return List.of(VERB, name, balance.toString(), Long.toString(seq));
        }
    }

    /** Asks for {@code name}'s cohort and its members. */
    record CohortOf(String name) implements Keyed {
        public static final String VERB = "cohort-of";
        public static final String USAGE = "cohort-of <name>";

        public List<String> body() {
            return List.of(VERB, name);
        }

        /** The bank's answer for a customer in cohort {@code cohort} whose members are {@code peers}. */
        public static Reply answer(long cohort, String peers) {
            return Reply.success("cohort " + cohort + " " + peers);
        }

        /** The bank's answer for a customer in no cohort. */
        public static Reply none() {
            return Reply.success("cohort none");
        }

        /** The cohort an answer to this request names, if it is a success naming one. */
        public static OptionalLong cohortIn(Reply reply) {
            String[] words = reply.text().split(" ");
            if (!reply.success() || words.length < 2 || !words[0].equals("cohort")) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Long.parseLong(words[1]));
            } catch (NumberFormatException e) {
                return OptionalLong.empty(); // "none", or not an answer to this request
            }
        }
    }

    /** Asks which requests there are. */
    record Help() implements BankRequest {
        public static final String VERB = "help";

        public List<String> body() {
            return List.of(VERB);
        }
    }

    /** Asks for the total of the active customers' balances. */
    record Total() implements BankRequest {
        public static final String VERB = "total";

        public List<String> body() {
            return List.of(VERB);
        }
    }

    /**
     * Asks for the bank's public key; the answer is {@code SUCCESS bank-key <KEY> fingerprint <FP>}
     * ({@link #answer}, read back by {@link #keyIn}).
     */
    record BankKey() implements BankRequest {
        public static final String VERB = "bank-key";

        public List<String> body() {
            return List.of(VERB);
        }

        /** The bank's answer naming its public key and that key's fingerprint. */
        public static Reply answer(String publicKey, String fingerprint) {
            return Reply.success(VERB + " " + publicKey + " fingerprint " + fingerprint);
        }

        /** The public key an answer to this request names, if it is one. */
        public static Optional<String> keyIn(Reply reply) {
            String[] words = reply.text().split(" ");
            return reply.success() && words.length >= 2 && words[0].equals(VERB)
                    ? Optional.of(words[1]) : Optional.empty();
        }
    }

    /**
     * Decodes a request's body (verb first); every problem becomes a
     * {@link MalformedMessageException} naming it.
     */
    static BankRequest parse(List<String> body) throws MalformedMessageException {
        if (body.isEmpty()) {
            throw new MalformedMessageException("empty message");
        }
        String verb = body.get(0);
        List<String> args = body.subList(1, body.size());
        switch (verb) {
            case Open.VERB: {
                Args a = Args.exactly(verb, args, Open.USAGE);
                String name = a.name("name");
                Money balance = a.balance("balance");
                String ip = a.ipv4("ipv4");
                int port1 = a.port("port1");
                int port2 = a.port("port2");
                if (port1 == port2) {
                    throw a.fail("port1 and port2 must differ, both are " + port1);
                }
                return new Open(name, balance, ip, port1, port2);
            }
            case NewCohort.VERB: {
                Args a = Args.exactly(verb, args, NewCohort.USAGE);
                String name = a.name("name");
                return new NewCohort(name, (int) a.number("n", 2, NewCohort.MAX_SIZE));
            }
            case DeleteCohort.VERB:
                return new DeleteCohort(Args.exactly(verb, args, DeleteCohort.USAGE).name("name"));
            case Exit.VERB:
                return new Exit(Args.exactly(verb, args, Exit.USAGE).name("name"));
            case ReportBalance.VERB: {
                Args a = Args.exactly(verb, args, ReportBalance.USAGE);
                String name = a.name("name");
                Money balance = a.balance("balance");
                return new ReportBalance(name, balance, a.number("seq", 1, Long.MAX_VALUE));
            }
            case CohortOf.VERB:
                return new CohortOf(Args.exactly(verb, args, CohortOf.USAGE).name("name"));
            case Help.VERB:
                Args.exactly(verb, args, Help.VERB);
                return new Help();
            case Total.VERB:
                Args.exactly(verb, args, Total.VERB);
                return new Total();
            case BankKey.VERB:
                Args.exactly(verb, args, BankKey.VERB);
                return new BankKey();
            default:
                throw new MalformedMessageException("unknown command '" + verb + "'; known: " + String.join(", ", KEYED));
        }
    }
}
