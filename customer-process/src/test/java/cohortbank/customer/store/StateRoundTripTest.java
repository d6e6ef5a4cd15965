package cohortbank.customer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import cohortbank.common.sim.MemoryStorage;
import cohortbank.common.wire.bank.Member;
import cohortbank.customer.account.Account;
import cohortbank.customer.wire.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever balance, history and label state can exist is written and read back unchanged, for
 * every customer state file ({@code meta}, {@code permanent}, {@code tentative}, {@code live}):
 * accounts are built only through the operations the node uses, with amounts up to the maximum
 * balance, names of every allowed shape and labels up to the largest {@code long}. Seeded, so a
 * failing seed replays.
 */
class StateRoundTripTest {

    private static final String NAME_REST = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void everyReachableStateRoundTrips(long seed) {
        Random random = new Random(seed);
        MemoryStorage disk = new MemoryStorage();
        CustomerStore store = new CustomerStore(disk, w -> {
            throw new AssertionError("seed " + seed + ": " + w);
        });
        for (int i = 0; i < 25; i++) {
            CustomerStore reread = new CustomerStore(disk, w -> {
                throw new AssertionError("seed " + seed + ": " + w);
            });
            Account account = account(random);
            store.saveLive(account);
            assertEquals(account.toLines(), store.loadLive().orElseThrow().toLines(), "live, seed " + seed);
            Checkpoint c = new Checkpoint(name(random) + ":" + (1 + random.nextLong(Long.MAX_VALUE / 2)),
                    random.nextBoolean() ? "-" : name(random), label(random), account);
            store.savePermanent(c);
            store.saveTentative(c);
            assertEquals(c.toLines(), reread.loadPermanent().orElseThrow().toLines(), "permanent, seed " + seed);
            assertEquals(c.toLines(), reread.loadTentative().orElseThrow().toLines(), "tentative, seed " + seed);
            NodeMeta meta = meta(random);
            store.saveMeta(meta);
            assertEquals(meta.toLines(), store.loadMeta().orElseThrow().toLines(), "meta, seed " + seed);
        }
    }

    /** An account as the node can leave it: deposits, withdrawals, sends, receipts and resets. */
    private static Account account(Random random) {
        Account a = new Account(amountUpTo(random, Money.MAX_CENTS, true));
        long label = random.nextBoolean() ? 1 : Long.MAX_VALUE - 1000;
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            peers.add(name(random));
        }
        for (int op = 0; op < random.nextInt(40); op++) {
            long room = Money.MAX_CENTS - a.balance().cents();
            String peer = peers.get(random.nextInt(peers.size()));
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (room > 0) {
                        a.deposit(amountUpTo(random, room, false));
                    }
                }
                case 1, 2 -> {
                    if (a.balance().isPositive()) {
                        a.send(peer, amountUpTo(random, a.balance().cents(), false), label++, random.nextInt(4) == 0);
                    }
                }
                case 3 -> {
                    if (room > 0) {
                        a.receive(peer, amountUpTo(random, room, false), label(random));
                    }
                }
                case 4 -> {
                    if (a.balance().isPositive()) {
                        a.withdraw(amountUpTo(random, a.balance().cents(), false));
                    }
                }
                default -> {
                    if (random.nextBoolean()) {
                        a.resetLabelTables();
                    } else {
                        a.pruneSent(peer, label(random));
                    }
                }
            }
        }
        return a;
    }

    private static NodeMeta meta(Random random) {
        NodeMeta m = new NodeMeta();
        m.owner = random.nextBoolean() ? name(random) : null;
        m.exited = random.nextBoolean();
        m.lastLabel = label(random);
        m.sequence = label(random);
        m.epoch = label(random);
        m.cohortId = random.nextBoolean() ? 0 : label(random);
        for (int i = 0; i < random.nextInt(5); i++) {
            m.members.add(new Member(name(random), new Endpoint(random.nextInt(256) + "." + random.nextInt(256) + ".0.1",
                    Endpoint.MIN_PORT + random.nextInt(Endpoint.MAX_PORT - Endpoint.MIN_PORT + 1))));
            long lo = random.nextLong(Long.MAX_VALUE - 1);
            m.addDead(m.members.get(i).name(), lo, lo + 1 + random.nextLong(Long.MAX_VALUE - lo - 1));
            m.pending.add(new NodeMeta.PendingRollback(name(random) + ":" + (1 + i), name(random), label(random),
                    label(random)));
            m.recordDecision(name(random) + ":" + (1 + label(random) / 2), random.nextBoolean() ? Decision.COMMIT : Decision.ABORT);
        }
        return m;
    }

    /** A valid customer name: a letter, then up to 31 letters, digits, '_' or '-'. */
    private static String name(Random random) {
        StringBuilder s = new StringBuilder().append(NAME_REST.charAt(random.nextInt(52)));
        int length = random.nextInt(4) == 0 ? 31 : random.nextInt(8);
        for (int i = 0; i < length; i++) {
            s.append(NAME_REST.charAt(random.nextInt(NAME_REST.length())));
        }
        return s.toString();
    }

    private static long label(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt(100);
            case 1 -> Long.MAX_VALUE - random.nextInt(100);
            default -> random.nextLong(Long.MAX_VALUE);
        };
    }

    /** An amount in cents up to {@code max}, often at an edge: 0.01, the maximum itself. */
    private static Money amountUpTo(Random random, long max, boolean zeroAllowed) {
        long min = zeroAllowed ? 0 : 1;
        return Money.ofCents(switch (random.nextInt(4)) {
            case 0 -> min;
            case 1 -> max;
            default -> min + random.nextLong(max - min + 1);
        });
    }
}
