package cohortbank.customer.wire;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import java.util.List;

/**
 * Every message a customer process receives from its cohort peers on port2 (what the bank
 * sends on port1 is a {@link cohortbank.common.wire.bank.BankNotice}). Each record knows its
 * body tokens; {@link #parse} is the single decoder and names what is wrong with a bad
 * datagram. docs/PROTOCOL.md describes each message.
 */
public sealed interface PeerMessage {

    /** The body tokens, verb first. */
    List<String> body();

    /** A message a cohort peer sends; {@code from} names it and must be a member. */
    interface FromPeer {
        String from();
    }

    /** A transfer on the {@code from}→receiver channel; {@code prev} chains it to the one before. */
    record Transfer(String from, long label, long prev, Money amount) implements PeerMessage, FromPeer {
        public List<String> body() {
            return List.of("transfer", from, Long.toString(label), Long.toString(prev), amount.toString());
        }
    }

    /**
     * A receiver cannot take transfer {@code label} now, for {@code reason}: the sender keeps it
     * owed and re-sends it, and tells its user why. It names no sender: it is sealed under the
     * receiver's key, and the sender believes it only under the key the bank announced for a
     * member, so a stranger can neither send one nor get one. (A receiver that does not count
     * the sender as a member, or has no account, cannot authenticate the transfer and so never
     * answers it; the sender's user sees it pending until the receiver answers.)
     */
    record TransferRefused(long label, Refusal reason) implements PeerMessage {
        public List<String> body() {
            return List.of("transfer-refused", Long.toString(label), reason.word());
        }
    }

    /** Why a receiver holds a transfer back instead of applying it. */
    enum Refusal {
        /** Applying it would take the receiver's balance past the maximum. */
        BALANCE_MAX("balance-max", "its balance would pass the maximum " + Money.MAX);

        private final String word;
        private final String explanation;

        Refusal(String word, String explanation) {
            this.word = word;
            this.explanation = explanation;
        }

        public String word() {
            return word;
        }

        /** A clause for the user, as in "alice refuses it: ...". */
        public String explanation() {
            return explanation;
        }

        static Refusal ofWord(String word) {
            for (Refusal r : values()) {
                if (r.word.equals(word)) {
                    return r;
                }
            }
            throw new IllegalArgumentException(word);
        }
    }

    /** Cumulative acknowledgement: {@code from} holds every transfer from the receiver up to {@code upTo}. */
    record TransferAck(String from, long upTo, long epoch) implements PeerMessage, FromPeer {
        public List<String> body() {
            return List.of("transfer-ack", from, Long.toString(upTo), Long.toString(epoch));
        }
    }

    /** After {@code from} restored a checkpoint: it now holds transfers up to {@code upTo}; re-send the rest. */
    record Resync(String from, long upTo, long epoch) implements PeerMessage, FromPeer {
        public List<String> body() {
            return List.of("resync", from, Long.toString(upTo), Long.toString(epoch));
        }
    }

    /** {@code from} has checkpointed its receipt of transfers up to {@code upTo}: they need not be kept. */
    record CheckpointedReceipt(String from, long upTo) implements PeerMessage, FromPeer {
        public List<String> body() {
            return List.of("ckpt-received", from, Long.toString(upTo));
        }
    }

    /**
     * Koo–Toueg: take a tentative checkpoint if you sent me something I recorded (label ≤
     * {@code lastLabel}). {@code age} is the instance's age ticket: with its initiator's name
     * it orders simultaneous instances, the older going first.
     */
    record CheckpointRequest(String from, String instance, long age, long lastLabel, long budgetMillis)
            implements PeerMessage, FromPeer {
        public List<String> body() {
            return List.of("ckpt-request", from, instance, Long.toString(age), Long.toString(lastLabel),
                    Long.toString(budgetMillis));
        }
    }

    /** Koo–Toueg: prepare to roll back if you hold a transfer of mine labelled above {@code ckptLabel}; {@code age} as above. */
    record RollbackRequest(String from, String instance, long age, long ckptLabel, long maxLabel, long budgetMillis)
            implements PeerMessage, FromPeer {
        public List<String> body() {
            return List.of("rb-request", from, instance, Long.toString(age), Long.toString(ckptLabel),
                    Long.toString(maxLabel), Long.toString(budgetMillis));
        }
    }

    /** The decision of a checkpoint ({@code checkpoint=true}) or rollback instance, travelling down the tree. */
    record DecisionNotice(String from, boolean checkpoint, String instance, Decision decision) implements PeerMessage, FromPeer {
        public List<String> body() {
            return List.of(checkpoint ? "ckpt-decision" : "rb-decision", from, instance, decision.word());
        }
    }

    /** Asks an instance's initiator for its decision (after a restart or a lost decision). */
    record OutcomeQuery(String from, String instance) implements PeerMessage, FromPeer {
        public List<String> body() {
            return List.of("outcome", from, instance);
        }
    }

    /** Decodes one message; every problem becomes a {@link MalformedMessageException} naming it. */
    static PeerMessage parse(Envelope envelope) throws MalformedMessageException {
        String verb = envelope.verb();
        List<String> a = envelope.args();
        switch (verb) {
            case "transfer": {
                Args r = Args.exactly(verb, a, "transfer <from> <label> <prev> <amount>");
                String from = r.name("sender");
                long label = r.number("label", 1, Long.MAX_VALUE);
                long prev = r.number("prev", 0, label - 1);
                return new Transfer(from, label, prev, r.amount("amount"));
            }
            case "transfer-refused": {
                Args r = Args.exactly(verb, a, "transfer-refused <label> <not-member|no-account|balance-max>");
                long label = r.number("label", 1, Long.MAX_VALUE);
                return new TransferRefused(label, Refusal.ofWord(r.oneOf("reason", "balance-max")));
            }
            case "transfer-ack": {
                Args r = Args.exactly(verb, a, "transfer-ack <from> <up-to> <epoch>");
                return new TransferAck(r.name("sender"), r.number("up-to", 0, Long.MAX_VALUE),
                        r.number("epoch", 0, Long.MAX_VALUE));
            }
            case "resync": {
                Args r = Args.exactly(verb, a, "resync <from> <up-to> <epoch>");
                return new Resync(r.name("sender"), r.number("up-to", 0, Long.MAX_VALUE),
                        r.number("epoch", 0, Long.MAX_VALUE));
            }
            case "ckpt-received": {
                Args r = Args.exactly(verb, a, "ckpt-received <from> <up-to>");
                return new CheckpointedReceipt(r.name("sender"), r.number("up-to", 0, Long.MAX_VALUE));
            }
            case "ckpt-request": {
                Args r = Args.exactly(verb, a, "ckpt-request <from> <instance> <age> <last-label> <budget-ms>");
                String from = r.name("sender");
                String instance = instance(r);
                long age = r.number("age", 0, Long.MAX_VALUE);
                return new CheckpointRequest(from, instance, age, r.number("last-label", 1, Long.MAX_VALUE),
                        r.number("budget-ms", 1, 3_600_000));
            }
            case "rb-request": {
                Args r = Args.exactly(verb, a, "rb-request <from> <instance> <age> <ckpt-label> <max-label> <budget-ms>");
                String from = r.name("sender");
                String instance = instance(r);
                long age = r.number("age", 0, Long.MAX_VALUE);
                long ckpt = r.number("ckpt-label", 0, Long.MAX_VALUE);
                return new RollbackRequest(from, instance, age, ckpt, r.number("max-label", ckpt, Long.MAX_VALUE),
                        r.number("budget-ms", 1, 3_600_000));
            }
            case "ckpt-decision":
            case "rb-decision": {
                Args r = Args.exactly(verb, a, verb + " <from> <instance> <commit|abort>");
                String from = r.name("sender");
                String instance = instance(r);
                Decision d = Decision.valueOf(r.oneOf("decision", "commit", "abort").toUpperCase(java.util.Locale.ROOT));
                return new DecisionNotice(from, verb.equals("ckpt-decision"), instance, d);
            }
            case "outcome": {
                Args r = Args.exactly(verb, a, "outcome <from> <instance>");
                return new OutcomeQuery(r.name("sender"), instance(r));
            }
            default:
                throw new MalformedMessageException("unknown message '" + verb + "'");
        }
    }

    /** Instance ids are {@code <initiator>:<sequence>}. */
    private static String instance(Args r) throws MalformedMessageException {
        String id = r.token("instance");
        int colon = id.lastIndexOf(':');
        if (colon <= 0 || !Args.NAME.matcher(id.substring(0, colon)).matches()
                || !id.substring(colon + 1).matches("[1-9][0-9]{0,17}")) {
            throw r.fail("bad instance '" + id + "': expected <initiator>:<number>");
        }
        return id;
    }

    /** The initiator named in an instance id. */
    static String initiatorOf(String instance) {
        return instance.substring(0, instance.lastIndexOf(':'));
    }
}
