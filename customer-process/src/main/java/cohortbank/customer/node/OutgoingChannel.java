package cohortbank.customer.node;

import cohortbank.common.time.Cancellable;

/**
 * Sender-side knowledge of one receiver: how far it has acknowledged, in which of its
 * incarnations, and the retransmission timer. Not part of any checkpoint: it describes the
 * receiver, and a receiver that restores announces a new epoch, which resets it.
 */
final class OutgoingChannel {

    private final long minRtoMillis;
    private final long maxRtoMillis;
    final String peer;
    long acked;
    long epoch = -1;
    long rto;
    /** The highest label sent since the last full (re)transmission: what is in flight above {@link #acked}. */
    long sentUpTo;
    /** The retransmit timer; {@link Cancellable#NONE} when none is armed. */
    Cancellable timer = Cancellable.NONE;

    /**
     * @param minRtoMillis the first retransmission timeout, and the one an acknowledgement returns to
     * @param maxRtoMillis the longest, reached by doubling on every silent try
     */
    OutgoingChannel(String peer, long minRtoMillis, long maxRtoMillis) {
        this.peer = peer;
        this.minRtoMillis = minRtoMillis;
        this.maxRtoMillis = maxRtoMillis;
        this.rto = minRtoMillis;
    }

    /**
     * Applies a cumulative acknowledgement. A newer epoch replaces the position even downwards
     * (the receiver rolled back and needs re-sends); an older epoch is stale and ignored.
     *
     * @return true when the position or epoch changed
     */
    boolean onAck(long upTo, long ackEpoch) {
        if (ackEpoch > epoch) {
            epoch = ackEpoch;
            acked = upTo;
            rto = minRtoMillis;
            return true;
        }
        if (ackEpoch == epoch && upTo > acked) {
            acked = upTo;
            rto = minRtoMillis;
            return true;
        }
        return false;
    }

    boolean timerArmed() {
        return timer != Cancellable.NONE;
    }

    void stopTimer() {
        timer.cancel();
        timer = Cancellable.NONE;
    }

    long nextBackoff() {
        long current = rto;
        rto = Math.min(maxRtoMillis, rto * 2);
        return current;
    }
}
