package cohortbank.common.net;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An IPv4 address and UDP port, validated on construction.
 *
 * <p>Contract: {@code host} is a dotted-quad IPv4 literal (no name lookups ever happen, so a
 * typo can never stall a process on DNS) and {@code port} is in 1024–65535.
 */
public record Endpoint(String host, int port) {

    public static final int MIN_PORT = 1024;
    public static final int MAX_PORT = 65535;

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (!isIpv4(host)) {
            throw new IllegalArgumentException("bad IPv4 address '" + host + "'");
        }
        if (port < MIN_PORT || port > MAX_PORT) {
            throw new IllegalArgumentException(
                    "port " + port + " out of range " + MIN_PORT + "-" + MAX_PORT);
        }
    }

    /** Parses {@code HOST:PORT}; throws {@link IllegalArgumentException} naming the problem. */
    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("bad address '" + text + "': expected IPV4:PORT");
        }
        return new Endpoint(text.substring(0, colon), parsePort(text.substring(colon + 1)));
    }

    /** Parses a port number in 1024–65535; throws {@link IllegalArgumentException} otherwise. */
    public static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !isAsciiDigits(text)) {
            throw new IllegalArgumentException("bad port '" + text + "': expected a number "
                    + MIN_PORT + "-" + MAX_PORT);
        }
        int port = Integer.parseInt(text);
        if (port < MIN_PORT || port > MAX_PORT) {
            throw new IllegalArgumentException(
                    "port " + port + " out of range " + MIN_PORT + "-" + MAX_PORT);
        }
        return port;
    }

    /** True for a dotted-quad IPv4 literal such as {@code 127.0.0.1}. */
    public static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !isAsciiDigits(part)) {
                return false;
            }
            if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.charAt(0) == '0')) {
                return false;
            }
        }
        return true;
    }

    // Character.isDigit (and Integer.parseInt) also accept digits of other scripts, such as
    // Arabic-Indic ones; such a "literal" is not one to InetSocketAddress, which would then
    // look it up as a host name.
    private static boolean isAsciiDigits(String text) {
        return text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    public static Endpoint of(InetSocketAddress address) {
        return new Endpoint(address.getAddress().getHostAddress(), address.getPort());
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
