package cohortbank.common.rpc;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server half of reliable request/response: applies each request once and answers
 * retransmissions from a cache.
 *
 * <p>A request carrying {@code @id} is handed to the handler the first time only; while its
 * answer is still being worked out, copies are dropped (the requester keeps retrying); once
 * answered, copies get the same reply again. A bare request (typed into {@code nc -u}) has no
 * id to recognise it by, so it is handled every time and answered without headers; when it
 * also came without a key it is a person's, and the answer ends in a newline so that it does
 * not run into the next line they type. Every parser of replies strips a trailing line ending,
 * so a program that sends bare reads the same answer.
 * The cache remembers the latest {@code capacity} answered requests.
 * Not thread-safe: use from the owner's event loop only.
 */
public final class Responder {

    /** Answers one request; call exactly once. */
    @FunctionalInterface
    public interface Answer extends Consumer<Reply> {
    }

    /** Handles a request the first time it is seen. */
    @FunctionalInterface
    public interface Handler {
        void handle(Endpoint from, Envelope request, Answer answer);
    }

    private static final String IN_PROGRESS = "";
    /** Ends a reply to a person (nc -u prints datagrams back to back). */
    private static final String PERSON_LINE_END = "\n";

    private final Transport transport;
    private final Map<String, String> answered;

    public Responder(Transport transport, int capacity) {
        this.transport = transport;
        this.answered = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity && !eldest.getValue().equals(IN_PROGRESS);
            }
        };
    }

    /** Handles {@code request} from {@code from}; see the class contract. */
    public void onRequest(Endpoint from, Envelope request, Handler handler) {
        onRequest(from, null, request, handler);
    }

    /**
     * As {@link #onRequest(Endpoint, Envelope, Handler)}, for a request authenticated by
     * {@code sender} (a public key, or null): copies are then recognised by sender and id,
     * whatever address they come from, so a copy replayed from another address is never
     * handled a second time.
     */
    public void onRequest(Endpoint from, String sender, Envelope request, Handler handler) {
        String id = request.header(Envelope.REQUEST_ID);
        if (id == null) {
            String ending = sender == null ? PERSON_LINE_END : "";
            handler.handle(from, request, reply -> transport.send(from, reply.line() + ending));
            return;
        }
        String key = (sender != null ? "key " + sender : from.toString()) + "/" + id;
        String cached = answered.get(key);
        if (cached != null) {
            if (!cached.equals(IN_PROGRESS)) {
                transport.send(from, cached);
            }
            return;
        }
        answered.put(key, IN_PROGRESS);
        handler.handle(from, request, reply -> {
            String text = "@" + Envelope.REPLY_TO + "=" + id + " " + reply.line();
            answered.put(key, text);
            transport.send(from, text);
        });
    }

    /**
     * Sends a bare {@code FAILURE} for a datagram that could not even be parsed, newline-ended:
     * such a datagram is most likely a person's typing.
     */
    public void rejectMalformed(Endpoint from, String reason) {
        transport.send(from, Reply.failure(reason).line() + PERSON_LINE_END);
    }
}
