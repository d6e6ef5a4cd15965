package cohortbank.common.security;

/**
 * The anti-replay window of one sender, in the manner of RFC 4303 §3.4.3: the highest
 * (epoch, sequence) accepted and a 64-bit map of which of the 64 sequence numbers below it
 * were accepted. A datagram of an older epoch, one already accepted, or one more than 64
 * behind the highest is refused; a newer epoch starts a fresh window. Refusing one that is
 * merely very late is the same as losing it, which every protocol above tolerates.
 * Not thread-safe.
 */
final class ReplayWindow {

    static final int SIZE = 64;

    private long epoch;
    private long highest;
    private long seen; // bit i: highest - i was accepted

    /** Accepts and records (epoch, seq), or returns false leaving the window unchanged. */
    boolean accept(long epochOfSender, long seq) {
        if (epochOfSender < epoch || seq < 1) {
            return false;
        }
        if (epochOfSender > epoch) {
            epoch = epochOfSender;
            highest = seq;
            seen = 1;
            return true;
        }
        if (seq > highest) {
            long shift = seq - highest;
            seen = shift >= SIZE ? 1 : (seen << shift) | 1;
            highest = seq;
            return true;
        }
        long behind = highest - seq;
        if (behind >= SIZE || (seen & (1L << behind)) != 0) {
            return false;
        }
        seen |= 1L << behind;
        return true;
    }
}
