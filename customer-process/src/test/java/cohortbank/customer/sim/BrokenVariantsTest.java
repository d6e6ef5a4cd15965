package cohortbank.customer.sim;

import static org.junit.jupiter.api.Assertions.fail;

import cohortbank.customer.node.ProtocolRules;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proof that the simulator can fail: each deliberately broken protocol below, run over the
 * simulator's seeds, breaks an invariant that the simulator reports, with the seed to replay.
 */
class BrokenVariantsTest {

    /** How many seeds a broken protocol may survive before the simulator is deemed blind to it. */
    static final int MAX_SEEDS = 300;

    /** The rollback comparison off by one: a receiver of exactly one post-checkpoint label ignores it. */
    static final ProtocolRules OFF_BY_ONE_ROLLBACK = new ProtocolRules() {
        @Override
        public boolean holdsOrphan(long lastLabelRcvdFromInitiator, long initiatorCkptLabel) {
            return lastLabelRcvdFromInitiator > initiatorCkptLabel + 1;
        }
    };

    /** Senders ignore a restored receiver's resync, so what its restore undid is never sent again. */
    static final ProtocolRules NO_RESEND_AFTER_ROLLBACK = new ProtocolRules() {
        @Override
        public boolean resendsAfterRollback() {
            return false;
        }
    };

    /**
     * A node restarted after a crash asks only the members its restored label table names, as a
     * user's rollback does: that table lost whom its former life sent to, so a member keeps an orphan.
     */
    static final ProtocolRules RESTART_ASKS_BY_LOST_TABLE = new ProtocolRules() {
        @Override
        public boolean asksToRollBack(long firstLabelSent, boolean tableLost) {
            return firstLabelSent != 0;
        }
    };

    /** A participant votes yes without taking the tentative checkpoint it owes. */
    static final ProtocolRules YES_WITHOUT_CHECKPOINT = new ProtocolRules() {
        @Override
        public boolean mustCheckpoint(long requesterLastLabelRcvd, long firstLabelSent) {
            return false;
        }
    };

    /** The tentative checkpoint is kept in memory only when the vote leaves. */
    static final ProtocolRules TENTATIVE_NOT_DURABLE = new ProtocolRules() {
        @Override
        public boolean tentativeDurableBeforeVote() {
            return false;
        }
    };

    /**
     * Koo and Toueg's rule: a busy node refuses every other instance and the user's command
     * fails at once, so members who start together abort each other (caught by the completion check).
     */
    static final ProtocolRules BUSY_REFUSES = new ProtocolRules() {
        @Override
        public boolean olderInstancesGoFirst() {
            return false;
        }
    };

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("rollback comparison off by one", OFF_BY_ONE_ROLLBACK),
                Arguments.of("no re-send after rollback", NO_RESEND_AFTER_ROLLBACK),
                Arguments.of("a restarted node asks only whom its lost table names", RESTART_ASKS_BY_LOST_TABLE),
                Arguments.of("votes yes without checkpointing", YES_WITHOUT_CHECKPOINT),
                Arguments.of("tentative checkpoint not durable before the vote", TENTATIVE_NOT_DURABLE),
                Arguments.of("a busy node refuses, simultaneous initiations fail", BUSY_REFUSES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theSimulatorCatchesABrokenProtocol(String variant, ProtocolRules rules) {
        Simulator.Settings settings = new Simulator.Settings(0, SimulatorTest.STEPS, rules);
        for (long seed = 1; seed <= MAX_SEEDS; seed++) {
            RunResult r = Simulator.run(seed, settings);
            if (!r.passed()) {
                System.out.println("broken variant '" + variant + "' caught by seed " + seed + ": "
                        + r.violations().get(0));
                return;
            }
        }
        fail("broken variant '" + variant + "' survived seeds 1-" + MAX_SEEDS);
    }
}
