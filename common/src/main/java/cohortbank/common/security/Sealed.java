package cohortbank.common.security;

import java.util.regex.Pattern;

/**
 * The parts of an authenticated datagram, as {@link AuthenticatingTransport} describes it.
 * {@link #parse} checks only the form, never the MAC; it throws nothing but
 * {@link IllegalArgumentException}, naming what is wrong.
 *
 * @param signed everything the MAC covers: the headers after {@code @mac} and the body
 * @param body   the datagram the sender's process sent
 */
record Sealed(String mac, String key, long epoch, long seq, long to, String signed, String body) {

    private static final Pattern MAC = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,17}");

    static Sealed parse(String text) {
        String[] parts = text.split(" ", 6);
        if (parts.length < 6) {
            throw new IllegalArgumentException("expected @mac @key @ep @seq @to and a body");
        }
        String mac = value(parts[0], "mac");
        if (!MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("bad @mac");
        }
        String key = value(parts[1], "key");
        if (!PublicKeys.TEXT.matcher(key).matches()) {
            throw new IllegalArgumentException("bad @key");
        }
        long epoch = number(parts[2], "ep");
        long seq = number(parts[3], "seq");
        long to = number(parts[4], "to");
        if (parts[5].isEmpty()) {
            throw new IllegalArgumentException("empty body");
        }
        return new Sealed(mac, key, epoch, seq, to, text.substring(parts[0].length() + 1), parts[5]);
    }

    private static String value(String token, String name) {
        String prefix = "@" + name + "=";
        if (!token.startsWith(prefix)) {
            throw new IllegalArgumentException("expected " + prefix + "...");
        }
        return token.substring(prefix.length());
    }

    private static long number(String token, String name) {
        String v = value(token, name);
        if (!NUMBER.matcher(v).matches()) {
            throw new IllegalArgumentException("bad @" + name);
        }
        return Long.parseLong(v);
    }
}
