package cohortbank.bank;

import cohortbank.common.money.Money;
import cohortbank.common.wire.bank.Drained;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.log.ProcessLog;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.LinkFaults;
import cohortbank.common.net.Transport;
import cohortbank.common.rpc.Requester;
import cohortbank.common.rpc.Responder;
import cohortbank.common.rpc.RetryPolicy;
import cohortbank.common.security.AuthContext;
import cohortbank.common.security.Authentication;
import cohortbank.common.security.Identity;
import cohortbank.common.sim.InMemoryNetwork;
import cohortbank.common.sim.SimulatedScheduler;
import cohortbank.common.testing.FixedKeys;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bank and four customers on a simulated network that loses, duplicates and reorders
 * datagrams: every request is applied exactly once and every member hears each notification
 * exactly once. One seed replays a run exactly.
 */
@Tag("slow")
class BankOverLossyNetworkTest {

    /** Outlasts the bank's 6.3 s wait for a silent member by more than one retry, even under loss. */
    static final RetryPolicy PATIENT = new RetryPolicy(100, 2.0, 800, 14);

    /** A customer's port1: sends requests to the bank and records the bank's requests to it. */
    static final class SimCustomer {
        final String name;
        final Endpoint port1;
        final Requester requester;
        final List<String> heard = new ArrayList<>();
        /** How many requests to freeze this customer answers; it is silent to any later one. */
        int freezesAnswered = Integer.MAX_VALUE;
        /** How long it takes to answer a request to freeze (to drain, or for its answers to get through). */
        long freezeAnswerDelayMillis = 0;

        SimCustomer(String name, int port, InMemoryNetwork net, SimulatedScheduler sim, Endpoint bank, String bankKey) {
            this.name = name;
            this.port1 = new Endpoint("127.0.0.1", port);
            AuthContext auth = new AuthContext(Identity.seeded(port), new FixedKeys().with(bank, bankKey), line -> { });
            Transport transport = new Authentication(auth).wrap(net.transport(port1), sim);
            this.requester = new Requester(transport, sim, PATIENT, name);
            Responder responder = new Responder(transport, 100);
            transport.start(datagram -> {
                Envelope envelope;
                try {
                    envelope = Envelope.parse(datagram.text());
                } catch (MalformedMessageException e) {
                    throw new AssertionError(e);
                }
                if (!requester.onReply(envelope)) {
                    responder.onRequest(datagram.from(), envelope, (from, request, answer) -> {
                        heard.add(FixedKeys.withoutMemberKeys(request.bodyText()));
                        if (request.bodyText().startsWith("cohort-freeze")) {
                            if (freezesAnswered-- > 0) {
                                sim.schedule(freezeAnswerDelayMillis, () -> answer.accept(drained()));
                            } // else gone silent
                            return;
                        }
                        answer.accept(Reply.success(name + " noted"));
                    });
                }
            });
        }

        /** The balance it answers a freeze with: what it opened with, or last reported. */
        String balance = "100";
        private long drainedSeq = 1000;

        Reply drained() {
            return new Drained(name, Money.parse(balance), ++drainedSeq).reply();
        }

        String openCommand() {
            return "open " + name + " 100 127.0.0.1 " + port1.port() + " " + (port1.port() + 1);
        }
    }

    final SimulatedScheduler sim = new SimulatedScheduler();
    final Endpoint bankAddress = new Endpoint("127.0.0.1", 8500);
    final RecordingStorage disk = new RecordingStorage();
    final List<BankTable> saves = disk.tables;
    InMemoryNetwork net;
    BankNode bank;
    BankKeys bankKeys;

    /** The bank on a network that loses and duplicates a fifth of all datagrams and reorders them. */
    void startBank(long seed) {
        startBank(seed, BankConfig.DEFAULTS.withNotifyRetry(new RetryPolicy(100, 2.0, 800, 10)));
    }

    void startBank(long seed, BankConfig config) {
        net = new InMemoryNetwork(sim, new Random(seed));
        net.setDefaultFaults(LinkFaults.lossy(0.2, 0.2, 1, 60));
        bankKeys = BankKeys.inMemory(seed);
        AuthContext auth = new AuthContext(bankKeys.identity(), bankKeys, line -> { });
        bank = new BankNode(new Authentication(auth).wrap(net.transport(bankAddress), sim), sim,
                new BankStore.Contents(BankTable.empty(), BankState.initial()), disk.store(),
                new Random(seed), config, "bank",
                ProcessLog.discard(), bankKeys);
        bank.start();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void everyRequestIsAppliedOnceAndEveryNotificationHeardOnce(long seed) {
        startBank(seed);
        List<SimCustomer> customers = new ArrayList<>();
        for (String name : List.of("ann", "ben", "cat", "dan")) {
            customers.add(new SimCustomer(name, 8501 + 2 * customers.size(), net, sim, bankAddress,
                    bankKeys.identity().publicKey()));
        }

        for (SimCustomer c : customers) {
            assertSuccess(ask(c, bankAddress, c.openCommand()), "seed " + seed);
        }
        Reply formed = ask(customers.get(0), bankAddress, "new-cohort ann 4");
        assertEquals("SUCCESS cohort 1: ann@127.0.0.1:8502 ben@127.0.0.1:8504 cat@127.0.0.1:8506 "
                + "dan@127.0.0.1:8508", formed.line(), "seed " + seed);
        assertSuccess(ask(customers.get(1), bankAddress, "report-balance ben 60 1"), "seed " + seed);
        customers.get(1).balance = "60";
        assertSuccess(ask(customers.get(2), bankAddress, "delete-cohort cat"), "seed " + seed);
        sim.runUntilIdle(1_000_000);

        assertEquals(4 + 1 + 1 + 1, saves.size(), "seed " + seed + ": each change applied and saved once");
        for (SimCustomer c : customers) {
            assertEquals(List.of("cohort-formed 1 ann@127.0.0.1:8502 ben@127.0.0.1:8504 cat@127.0.0.1:8506 "
                    + "dan@127.0.0.1:8508", "cohort-confirmed 1", "cohort-freeze 1", "cohort-freeze 1", "cohort-deleted 1"), c.heard,
                    "seed " + seed + ": " + c.name);
        }
        assertTrue(bank.bank().table().cohorts().isEmpty());
        assertEquals("360.00", bank.bank().table().activeTotal().toString(), "seed " + seed);
        assertTrue(net.dropped() > 0 && net.duplicated() > 0, "the network really was hostile");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void aPartitionedMemberFailsTheCohortAndTheOthersDropIt(long seed) {
        startBank(seed);
        List<SimCustomer> customers = new ArrayList<>();
        for (String name : List.of("ann", "ben", "cat")) {
            customers.add(new SimCustomer(name, 8501 + 2 * customers.size(), net, sim, bankAddress,
                    bankKeys.identity().publicKey()));
            assertSuccess(ask(customers.get(customers.size() - 1), bankAddress,
                    customers.get(customers.size() - 1).openCommand()), "seed " + seed);
        }
        net.partition(bankAddress, customers.get(2).port1);
        Reply reply = ask(customers.get(0), bankAddress, "new-cohort ann 3");
        assertTrue(reply.line().startsWith("FAILURE new-cohort: cat did not acknowledge (FAILURE 127.0.0.1:8505 "
                + "unreachable"), "seed " + seed + ": " + reply);
        assertEquals(3, saves.size(), "nothing recorded");
        net.heal(); // the bank keeps telling cat to leave until cat answers
        sim.runUntilIdle(1_000_000);
        String formed = "cohort-formed 1 ann@127.0.0.1:8502 ben@127.0.0.1:8504 cat@127.0.0.1:8506";
        assertEquals(List.of(formed, "cohort-deleted 1"), customers.get(0).heard);
        assertEquals(List.of(formed, "cohort-deleted 1"), customers.get(1).heard);
        assertEquals(List.of("cohort-deleted 1"), customers.get(2).heard.stream().distinct().toList(),
                "cat, cut off, is told to leave once it can hear (perhaps by more than one request)");
        assertEquals(3, saves.size(), "nothing recorded");
    }

    /**
     * A member whose answer to the first round of a deletion takes 12 s to get through, and that
     * is silent in the second round. With the real timings, the customer that asked, asking as a
     * real one does, gets the bank's true FAILURE (the silent member named, nothing changed) as
     * the answer to its request, not "no answer".
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void aMemberSilentInTheSecondRoundOfADeletionIsReportedToTheCustomerThatAsked(long seed) {
        startBank(seed, BankConfig.DEFAULTS);
        List<SimCustomer> customers = new ArrayList<>();
        for (String name : List.of("ann", "ben", "cat")) {
            SimCustomer c = new SimCustomer(name, 8501 + 2 * customers.size(), net, sim, bankAddress,
                    bankKeys.identity().publicKey());
            customers.add(c);
            assertSuccess(ask(c, bankAddress, c.openCommand()), "seed " + seed);
        }
        assertSuccess(ask(customers.get(0), bankAddress, "new-cohort ann 3"), "seed " + seed);
        BankTable before = bank.bank().table();
        SimCustomer cat = customers.get(2);
        cat.freezesAnswered = 1;
        cat.freezeAnswerDelayMillis = 12_000;

        // As a real customer asks the bank: NodeConfig.DEFAULTS.bankRetry(), which this module
        // cannot see (BankWaitsFitTest, in the customer's module, checks the two agree).
        List<Reply> replies = new ArrayList<>();
        customers.get(0).requester.request(bankAddress, List.of("delete-cohort", "ann"),
                RetryPolicy.DEFAULT.within(25_000), replies::add);
        sim.runFor(30_000);

        assertEquals(1, replies.size(), "seed " + seed + ": answered once");
        assertTrue(replies.get(0).line().startsWith("FAILURE delete-cohort: cat did not drain"),
                "seed " + seed + ": " + replies.get(0));
        assertTrue(replies.get(0).line().endsWith("cohort 1 unchanged"), "seed " + seed + ": " + replies.get(0));
        assertEquals(before, bank.bank().table(), "nothing changed");
        cat.freezesAnswered = Integer.MAX_VALUE; // back: it hears the thaw
        sim.runUntilIdle(1_000_000);
        assertTrue(cat.heard.contains("cohort-thaw 1"), "seed " + seed + ": " + cat.heard);
        assertEquals(before, bank.bank().table(), "nothing changed");
    }

    private Reply ask(SimCustomer from, Endpoint bank, String line) {
        List<Reply> replies = new ArrayList<>();
        from.requester.request(bank, Arrays.asList(line.split(" ")), replies::add);
        sim.runUntilIdle(1_000_000);
        assertEquals(1, replies.size(), line);
        return replies.get(0);
    }

    private static void assertSuccess(Reply reply, String context) {
        assertTrue(reply.success(), context + ": " + reply);
    }
}
