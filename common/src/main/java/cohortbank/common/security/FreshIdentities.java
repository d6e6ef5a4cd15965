package cohortbank.common.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * New key pairs for a process, one drawn ahead on a background thread when asked to.
 *
 * <p>Why: a customer makes its key pair at its first {@code open}, and in a fresh JVM the first
 * use of the JDK's randomness, X25519 and HMAC loads and initialises their providers: about
 * 200 ms on a loaded two-core machine, against about 2 ms once warm. That cost sat between
 * the user's {@code open} and its first datagram. Drawing the pair (and making one throwaway
 * key agreement and HMAC, so that the link keys of the first contact are warm too) while the
 * process waits for its first command takes it off that path. Nothing is weaker: the pair
 * comes from a fresh {@link SecureRandom} exactly as {@link Identity#generate} makes it,
 * is kept in memory only until it is handed out, and is handed out at most once; every
 * later call draws a new one.
 *
 * <p>When: a process that may not need a pair at all (a customer resumed by name has its
 * key on disk) makes one {@link #onDemand} and calls {@link #drawAheadNow} once it knows it
 * will; the drawing then also stays off the way to the process's listening line, where on
 * two busy cores it competed with the start-up for a processor.
 *
 * <p>Thread-safe. The background thread is a daemon and ends once its pair is drawn.
 */
public final class FreshIdentities implements Supplier<Identity> {

    private final AtomicReference<CompletableFuture<Identity>> ahead = new AtomicReference<>();

    private FreshIdentities() {
    }

    /** Draws nothing until asked: {@link #get} draws then, unless {@link #drawAheadNow} was called before. */
    public static FreshIdentities onDemand() {
        return new FreshIdentities();
    }

    /**
     * Starts drawing the next key pair now, on a daemon thread; does nothing while a pair drawn
     * ahead waits to be handed out.
     */
    public void drawAheadNow() {
        CompletableFuture<Identity> next = new CompletableFuture<>();
        if (!ahead.compareAndSet(null, next)) {
            return;
        }
        Thread drawer = new Thread(() -> {
            try {
                Identity drawn = draw();
                warmLinkKeys();
                next.complete(drawn);
            } catch (RuntimeException e) {
                next.completeExceptionally(e);
            }
        }, "key-pair-ahead");
        drawer.setDaemon(true);
        drawer.start();
    }

    /** The pair drawn ahead (waiting for it if it is not ready yet) when there is one; else a new one. */
    @Override
    public Identity get() {
        CompletableFuture<Identity> first = ahead.getAndSet(null);
        if (first != null) {
            try {
                return first.join();
            } catch (RuntimeException e) {
                // Drawing ahead failed: draw here, where a failure reaches the caller.
            }
        }
        return draw();
    }

    private static Identity draw() {
        return Identity.generate(new SecureRandom());
    }

    /** One key agreement and HMAC between two throwaway pairs: loads what the first contact's link keys use. */
    private static void warmLinkKeys() {
        Identity a = draw();
        Identity b = draw();
        new LinkKeys(a).towards(b.publicKey()).doFinal("warm".getBytes(StandardCharsets.US_ASCII));
    }
}
