package cohortbank.common.wire;

import cohortbank.common.net.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One datagram: optional headers, then a body of space-separated tokens.
 *
 * <pre>
 *   datagram = *(header SP) body
 *   header   = "@" key "=" value        ; e.g. @id=k3f9-12  @re=k3f9-12  @mac=...
 *   body     = verb *(SP token)
 * </pre>
 *
 * <p>A human typing into {@code nc -u} sends a bare body; programs add an {@code @id} header so
 * that retransmissions can be recognised. Headers are also where an authentication tag goes.
 * Parsing enforces the size limit, UTF-8, and the absence of control characters other than a
 * trailing line ending; it never throws anything but {@link MalformedMessageException}.
 */
public record Envelope(Map<String, String> headers, List<String> body) {

    /** Header naming a request, so a retransmission is recognised and answered from a cache. */
    public static final String REQUEST_ID = "id";
    /** Header on a reply naming the request it answers. */
    public static final String REPLY_TO = "re";

    private static final Pattern HEADER_KEY = Pattern.compile("[a-z]{1,16}");
    private static final Pattern HEADER_VALUE = Pattern.compile("[A-Za-z0-9._:+/=-]{1,128}");

    public Envelope {
        headers = Map.copyOf(headers);
        body = List.copyOf(body);
        if (body.isEmpty()) {
            throw new IllegalArgumentException("empty body");
        }
    }

    public static Envelope of(List<String> body) {
        return new Envelope(Map.of(), body);
    }

    public String verb() {
        return body.get(0);
    }

    /** The body's tokens after the verb. */
    public List<String> args() {
        return body.subList(1, body.size());
    }

    public String header(String key) {
        return headers.get(key);
    }

    public Envelope withHeader(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(key, value);
        return new Envelope(copy, body);
    }

    /** The body alone, as one line of text. */
    public String bodyText() {
        return String.join(" ", body);
    }

    /** The whole datagram text. Headers come out in a fixed order so encoding is deterministic. */
    public String encode() {
        StringBuilder out = new StringBuilder();
        headers.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(h -> out.append('@').append(h.getKey()).append('=').append(h.getValue()).append(' '));
        return out.append(bodyText()).toString();
    }

    /** Parses datagram or console text; see the class comment for what is rejected. */
    public static Envelope parse(String text) throws MalformedMessageException {
        if (text.getBytes(StandardCharsets.UTF_8).length > Transport.MAX_DATAGRAM_BYTES) {
            throw new MalformedMessageException(
                    "message too long: more than " + Transport.MAX_DATAGRAM_BYTES + " bytes");
        }
        String line = stripLineEnding(text);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\uFFFD') {
                throw new MalformedMessageException("message is not valid UTF-8");
            }
            if (Character.isISOControl(c) && c != '\t') {
                throw new MalformedMessageException(
                        "control character 0x" + Integer.toHexString(c) + " in message");
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> body = new ArrayList<>();
        for (String token : line.trim().split("[ \t]+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (body.isEmpty() && token.startsWith("@")) {
                int eq = token.indexOf('=');
                String key = eq < 0 ? token.substring(1) : token.substring(1, eq);
                String value = eq < 0 ? "" : token.substring(eq + 1);
                if (!HEADER_KEY.matcher(key).matches() || !HEADER_VALUE.matcher(value).matches()) {
                    throw new MalformedMessageException("bad header '" + token + "'");
                }
                if (headers.put(key, value) != null) {
                    throw new MalformedMessageException("repeated header '@" + key + "'");
                }
            } else {
                body.add(token);
            }
        }
        if (body.isEmpty()) {
            throw new MalformedMessageException("empty message");
        }
        return new Envelope(headers, body);
    }

    private static String stripLineEnding(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
