package cohortbank.common.testing;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.common.net.UdpTransport;
import cohortbank.common.rpc.Requester;
import cohortbank.common.rpc.Responder;
import cohortbank.common.rpc.RetryPolicy;
import cohortbank.common.security.AuthContext;
import cohortbank.common.security.AuthenticatingTransport;
import cohortbank.common.security.Identity;
import cohortbank.common.time.EventLoop;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankNotice;
import cohortbank.common.wire.bank.Drained;
import cohortbank.common.money.Money;
import java.util.concurrent.atomic.AtomicLong;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A program with its own key on one UDP port of 127.0.0.1, talking to a bank the way a
 * customer process does: it learns the bank's key with a bare {@code bank-key} request, then
 * authenticates every datagram. Requests the bank sends it are recorded (without their
 * headers) and, unless it is silent, acknowledged with {@code SUCCESS <name> noted}, or a
 * {@code cohort-freeze} with a {@link Drained} answer once {@link #drainsWith} gave a balance.
 */
public final class KeyedClient implements AutoCloseable {

    private static final RetryPolicy RETRY = new RetryPolicy(100, 2.0, 800, 12);

    private final String name;
    private final Endpoint bank;
    private final boolean silent;
    private final EventLoop loop;
    private final Transport transport;
    private final FixedKeys keys = new FixedKeys();
    private final AuthContext auth;
    private final Requester requester;
    private final Responder responder;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    /** The balance this client answers a freeze with; null: it answers as to any other request. */
    private volatile Money drainedBalance;
    /** Report numbers of its drained answers: above those a test's own reports use. */
    private final AtomicLong drainedSeq = new AtomicLong(1000);

    public KeyedClient(String name, Endpoint local, Endpoint bank, boolean silent) {
        this.name = name;
        this.bank = bank;
        this.silent = silent;
        this.loop = new EventLoop("keyed-" + name, e -> { });
        this.auth = new AuthContext(Identity.generate(new SecureRandom()), keys, line -> { });
        try {
            this.transport = new AuthenticatingTransport(UdpTransport.bind(local, loop, UdpTransport.Listener.NONE), auth);
        } catch (IOException e) {
            loop.close();
            throw new UncheckedIOException(e);
        }
        this.requester = new Requester(transport, loop, RETRY, name + Long.toHexString(System.nanoTime()));
        this.responder = new Responder(transport, 100);
        transport.start(d -> {
            Envelope e;
            try {
                e = Envelope.parse(d.text());
            } catch (MalformedMessageException bad) {
                return;
            }
            if (requester.onReply(e) || Reply.isReply(e)) {
                return;
            }
            responder.onRequest(d.from(), e, (from, request, answer) -> {
                received.add(request.bodyText());
                if (silent) {
                    return;
                }
                Money balance = drainedBalance;
                if (balance != null && request.bodyText().startsWith(BankNotice.Notice.FREEZE.verb + " ")) {
                    answer.accept(new Drained(name, balance, drainedSeq.incrementAndGet()).reply());
                } else {
                    answer.accept(Reply.success(name + " noted"));
                }
            });
        });
    }

    /** From now on, answers {@code cohort-freeze} as a member drained with {@code balance}. */
    public void drainsWith(Money balance) {
        this.drainedBalance = balance;
    }

    public Endpoint local() {
        return transport.local();
    }

    /** This client's public key. */
    public String publicKey() {
        return auth.identity().publicKey();
    }

    /** Sends {@code line} to the bank as an authenticated request and returns the reply line. */
    public String ask(String line) {
        if (!loop.call(() -> keys.keyAt(bank).isPresent(), 1_000)) {
            String answer = request("bank-key");
            if (!answer.startsWith("SUCCESS bank-key ")) {
                throw new AssertionError("the bank did not give its key: " + answer);
            }
            loop.call(() -> keys.with(bank, answer.split(" ")[2]), 1_000);
        }
        return request(line);
    }

    private String request(String line) {
        Reply reply = loop.callAsync(done -> requester.request(bank, Arrays.asList(line.split(" ")), done), 15_000);
        return reply.line();
    }

    /** The next request body the bank sent, or null after {@code timeoutMillis}. */
    public String next(long timeoutMillis) throws InterruptedException {
        return received.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        transport.close();
        loop.close();
    }
}
