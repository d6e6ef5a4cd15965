package cohortbank.common.trace;

import java.util.Map;

/**
 * What a traced datagram was, read from its text ({@code msg=} of a send or receive line), for
 * the picture: its kind, the family of instance it belongs to, and a short caption.
 *
 * <p>Requests carry {@code @id=}; their answers carry {@code @re=} with the same value, which
 * is how an answer to a {@code ckpt-request} or {@code rb-request} is known to be a vote.
 */
record Message(Kind kind, Family family, String caption) {

    /** What a datagram does. */
    enum Kind {
        /** Money moving: {@code transfer}. */
        TRANSFER,
        /** "Take a tentative checkpoint" or "prepare to roll back". */
        REQUEST,
        /** The answer to a request: yes or no. */
        VOTE,
        /** Commit or abort, sent down the tree. */
        DECISION,
        /** After a rollback: "re-send what comes after this label". */
        RESYNC,
        /** A member asking an initiator for its decision, or the answer. */
        OUTCOME,
        /** Acknowledgements, answers to decisions, and the bank's requests and answers. */
        OTHER;

        boolean control() {
            return this != TRANSFER && this != OTHER;
        }
    }

    /** Which instance family a control message belongs to, which gives its colour. */
    enum Family {
        CHECKPOINT, ROLLBACK, NONE
    }

    /** The datagram text without its leading {@code @key=value} headers. */
    static String body(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) == '@') {
            int space = text.indexOf(' ', i);
            if (space < 0) {
                return "";
            }
            i = space + 1;
        }
        return text.substring(i);
    }

    /** The value of header {@code key} ({@code id}, {@code re}), or null. */
    static String header(String text, String key) {
        for (String word : text.split(" ")) {
            if (!word.startsWith("@")) {
                return null;
            }
            if (word.startsWith("@" + key + "=")) {
                return word.substring(key.length() + 2);
            }
        }
        return null;
    }

    /**
     * Reads {@code text}; {@code requests} maps the {@code @id} of every request seen so far to
     * what it was, so that an answer is classified by its request.
     */
    static Message of(String text, Map<String, Message> requests) {
        String[] w = body(text).split(" ");
        String word = w[0];
        String instance = w.length > 2 ? w[2] : "?";
        switch (word) {
            case "transfer":
                return new Message(Kind.TRANSFER, Family.NONE, w.length > 4 ? w[4] + " #" + w[2] : "transfer");
            case "ckpt-request":
                return new Message(Kind.REQUEST, Family.CHECKPOINT, "checkpoint? " + instance);
            case "rb-request":
                return new Message(Kind.REQUEST, Family.ROLLBACK, "roll back? " + instance);
            case "ckpt-decision":
                return new Message(Kind.DECISION, Family.CHECKPOINT, (w.length > 3 ? w[3] : "?") + " " + instance);
            case "rb-decision":
                return new Message(Kind.DECISION, Family.ROLLBACK, (w.length > 3 ? w[3] : "?") + " " + instance);
            case "resync":
                return new Message(Kind.RESYNC, Family.ROLLBACK, "resync after " + (w.length > 2 ? w[2] : "?"));
            case "outcome":
                return new Message(Kind.OUTCOME, Family.NONE, "outcome? " + instance);
            default:
                break;
        }
        String re = header(text, "re");
        Message request = re == null ? null : requests.get(re);
        if (request != null && word.equals("SUCCESS") && w.length > 1) {
            if (request.kind() == Kind.REQUEST) {
                return new Message(Kind.VOTE, request.family(), "vote " + w[1]);
            }
            if (request.kind() == Kind.OUTCOME) {
                return new Message(Kind.OUTCOME, Family.NONE, "outcome: " + w[1]);
            }
        }
        return new Message(Kind.OTHER, Family.NONE, word);
    }
}
