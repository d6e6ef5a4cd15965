package cohortbank.bank;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import cohortbank.common.testing.FixedKeys;
import cohortbank.common.testing.FreePorts;
import cohortbank.common.testing.KeyedClient;
import java.util.List;

/**
 * A customer process reduced to its port1 and its key: asks the bank as that customer and
 * records every request the bank sends it (member keys left out) and, unless silent,
 * acknowledges each with {@code SUCCESS ...} (as a real customer would).
 */
final class FakeCustomer implements AutoCloseable {

    final String name;
    final Endpoint port1;
    final int port2;
    private final KeyedClient client;

    FakeCustomer(String name, boolean silent, Endpoint bank) {
        this.name = name;
        List<Endpoint> ports = FreePorts.endpoints(2);
        this.port1 = ports.get(0);
        this.port2 = ports.get(1).port();
        this.client = new KeyedClient(name, port1, bank, silent);
    }

    /** The open request for this customer; a freeze is then answered drained with {@code balance}. */
    String openCommand(String balance) {
        client.drainsWith(Money.parse(balance));
        return "open " + name + " " + balance + " 127.0.0.1 " + port1.port() + " " + port2;
    }

    String peerAddress() {
        return name + "@127.0.0.1:" + port2;
    }

    /** Sends {@code line} to the bank with this customer's key; the reply line. */
    String ask(String line) {
        return client.ask(line);
    }

    String publicKey() {
        return client.publicKey();
    }

    /** The body of the next request from the bank, or null after {@code timeoutMillis}. */
    String next(long timeoutMillis) throws InterruptedException {
        String body = client.next(timeoutMillis);
        return body == null ? null : FixedKeys.withoutMemberKeys(body);
    }

    /** The next request from the bank that starts with {@code prefix}, skipping others; fails after 5 s. */
    String nextStarting(String prefix) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            String body = next(100);
            if (body != null && body.startsWith(prefix)) {
                return body;
            }
        }
        throw new AssertionError(name + " never got " + prefix);
    }

    @Override
    public void close() {
        client.close();
    }
}
