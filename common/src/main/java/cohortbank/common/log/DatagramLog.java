package cohortbank.common.log;

import java.util.Objects;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.UdpTransport;

/**
 * Records every datagram a {@link UdpTransport} sends or receives in the {@link ProcessLog}, as
 * {@code NET send to 127.0.0.1:8501: <text>} and {@code NET recv from ...: <text>}, and its
 * failures as {@code ERROR} lines. Never throws, like the log itself.
 */
public final class DatagramLog implements UdpTransport.Listener {

    private final ProcessLog log;

    public DatagramLog(ProcessLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void sent(Endpoint to, String text) {
        log.log("NET", "send to " + to + ": " + text);
    }

    @Override
    public void received(Endpoint from, String text) {
        log.log("NET", "recv from " + from + ": " + text);
    }

    @Override
    public void failed(String what, Exception cause) {
        log.error(what + " failed", cause);
    }
}
