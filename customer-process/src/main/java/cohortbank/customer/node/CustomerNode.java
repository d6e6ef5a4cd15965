package cohortbank.customer.node;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.common.store.Storage;
import cohortbank.common.time.Scheduler;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankRequest;
import cohortbank.common.wire.bank.Member;
import cohortbank.customer.account.Account;
import cohortbank.customer.command.CustomerCommand;
import cohortbank.customer.command.Result;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.wire.Decision;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One customer: its account, exactly-once transfer channels, and its part in Koo–Toueg
 * checkpoint and rollback instances (DESIGN §3–8).
 *
 * <p>The node is I/O-free (DESIGN §1): it only talks through the two
 * {@link Transport}s (port1 to the bank, port2 to peers), the {@link Scheduler} and a
 * {@link Storage}, so the same code runs over UDP and in the deterministic simulator.
 * Every method must be called on the scheduler's event loop.
 *
 * <p>Durability rule: every state change that a message depends on is written before the
 * message leaves (the label counter before a transfer, a tentative checkpoint before a vote,
 * an initiator's decision before it is announced, a rollback promise before a yes vote).
 *
 * <p>This class is the node's public face; the protocol lives in its parts. Each takes, as
 * constructor parameters, only the pieces of the node's state it reads or changes: who the
 * customer is and its cohort ({@link CustomerIdentity}), its money ({@link Ledger}), what it
 * is doing ({@link Activity}), and how it reaches the world ({@link NodeLinks}).
 * {@link Inbox} routes datagrams, {@link CommandDispatcher} hands each
 * typed command to its part ({@link BankCommands} for the bank's, {@link MoneyCommands} and
 * {@link BlockedCommands} for the money commands, {@link Initiations} for instances), {@link TransferChannels} and
 * {@link HeldTransfers} are the two sides of the transfer channels, {@link CohortMembership}
 * follows the bank, {@link VotingTree} runs the instances that {@link CheckpointCoordinator}
 * and {@link RollbackCoordinator} give their meaning, and {@link Recovery} starts a known
 * customer from disk. Each part receives the timings and capacities it needs from one
 * {@link NodeConfig} ({@link NodeConfig#DEFAULTS} unless a constructor is given another).
 */
public final class CustomerNode {

    private final CustomerIdentity identity;
    private final Ledger ledger;
    private final Activity activity;
    private final NodeLinks links;
    private final Endpoint self1;
    private final Endpoint self2;
    private final CheckpointCoordinator checkpoints;
    private final RollbackCoordinator rollbacks;
    private final Recovery recovery;
    private final Inbox inbox;
    private final CohortMembership membership;
    private final Initiations initiations;
    private final CommandDispatcher dispatcher;

    /**
     * @param storageFor the durable storage of a customer, by name (a directory per customer)
     * @param random     seeds request ids and retry jitter; pass a seeded one to replay a run
     */
    public CustomerNode(Endpoint bank, Transport bankPort, Transport peerPort, Scheduler scheduler,
            Function<String, Storage> storageFor, NodeListener listener, Random random, CustomerKeys keys) {
        this(bank, bankPort, peerPort, scheduler, storageFor, listener, random, ProtocolRules.STANDARD, keys);
    }

    /**
     * As the first constructor, with the timings and capacities of {@code config} instead of
     * {@link NodeConfig#DEFAULTS}.
     */
    public CustomerNode(Endpoint bank, Transport bankPort, Transport peerPort, Scheduler scheduler,
            Function<String, Storage> storageFor, NodeListener listener, Random random, CustomerKeys keys,
            NodeConfig config) {
        this(bank, bankPort, peerPort, scheduler, storageFor, listener, random, ProtocolRules.STANDARD, keys, config);
    }

    /**
     * As the other constructor, with the protocol's decisions taken by {@code rules}: always
     * {@link ProtocolRules#STANDARD} in a real process; fault-injection tests pass broken ones.
     * Both ports must be wrapped in {@code keys.layer()}: the node trusts only what it authenticated.
     */
    public CustomerNode(Endpoint bank, Transport bankPort, Transport peerPort, Scheduler scheduler,
            Function<String, Storage> storageFor, NodeListener listener, Random random, ProtocolRules rules,
            CustomerKeys keys) {
        this(bank, bankPort, peerPort, scheduler, storageFor, listener, random, rules, keys, NodeConfig.DEFAULTS);
    }

    /** As the constructor above, with the timings and capacities of {@code config}. */
    public CustomerNode(Endpoint bank, Transport bankPort, Transport peerPort, Scheduler scheduler,
            Function<String, Storage> storageFor, NodeListener listener, Random random, ProtocolRules rules,
            CustomerKeys keys, NodeConfig config) {
        this.ledger = new Ledger();
        this.identity = new CustomerIdentity(ledger);
        this.activity = new Activity(identity, ledger);
        this.links = NodeLinks.wire(bank, bankPort, peerPort, scheduler, storageFor, listener, random, rules,
                config.bankRetry(), config.peerRetry(), keys, identity);
        keys.attach(() -> identity.meta == null ? List.of() : identity.meta.members);
        this.self1 = bankPort.local();
        this.self2 = peerPort.local();
        TransferChannels channels = new TransferChannels(identity, ledger, activity, links.peerPort(), links.scheduler(),
                links.listener(), config.sendWindow(),
                config.minRtoMillis(),
                config.maxRtoMillis());
        HeldTransfers received = new HeldTransfers(identity, ledger, activity, links.peerPort(), links.listener(),
                config.maxHeldPerSender());
        BlockedCommands blocked = new BlockedCommands(identity, activity, links.scheduler(), config.blockedCommandWaitMillis());
        VotingTree voting = new VotingTree(identity, activity, links.peerRequester(), links.scheduler(), blocked,
                new VotingTree.Ending() {
            @Override
            public void ended(Round r, Decision decision) {
                roundEnded(r, decision);
            }

            @Override
            public boolean madeDurable(Round r, Decision decision) {
                return r.kind == Round.Kind.CHECKPOINT && checkpoints.madeDurable(r, decision);
            }
        }, config);
        this.initiations = new Initiations(identity, activity, links, this::startOwnInstance, config);
        Precedence precedence = new Precedence(identity, activity, links.scheduler(), links.listener(), links.rules(), voting,
                initiations::oldestWaiting,
                config.turnMillis());
        this.checkpoints = new CheckpointCoordinator(identity, ledger, activity, links, voting, precedence,
                config.instanceBudgetMillis(), config.decisionRetry());
        this.rollbacks = new RollbackCoordinator(identity, ledger, activity, links, voting, precedence, channels, received,
                blocked, config);
        MoneyCommands money = new MoneyCommands(identity, ledger, activity, links.listener(), channels, blocked,
                config.deliveryWaitMillis());
        this.membership = new CohortMembership(identity, ledger, activity, links, channels, received, blocked,
                initiations::nodeMayBeFree, checkpoints::reportBalance,
                config.drainLimitMillis(), config.drainPollMillis());
        this.inbox = new Inbox(identity, ledger, activity, links, membership, channels, received, voting, checkpoints, rollbacks,
                config.bankReplyCache(),
                config.peerReplyCache());
        this.recovery = new Recovery(identity, ledger, activity, links, voting, checkpoints, rollbacks, channels);
        this.dispatcher = new CommandDispatcher(identity, new BankCommands(identity, ledger, links, self1, self2, this::toBank),
                money, initiations);
    }

    /** One attempt of an instance the user typed here: to the coordinator of its kind. */
    private void startOwnInstance(Round.Kind kind, Age age, Consumer<Result> decided) {
        if (kind == Round.Kind.CHECKPOINT) {
            checkpoints.start(age, decided);
        } else {
            rollbacks.start(age, decided);
        }
    }

    /** Where the voting tree hands a finished round: to the coordinator of its kind; then the user's next instance may start. */
    private void roundEnded(Round r, Decision decision) {
        if (r.kind == Round.Kind.CHECKPOINT) {
            checkpoints.ended(r, decision);
        } else {
            rollbacks.ended(r, decision);
        }
        initiations.nodeMayBeFree();
    }

    // ------------------------------------------------------------------ start and identity

    /**
     * Starts receiving. With a {@code name}, loads that customer's state: a clean quit resumes
     * as it was; anything else (a crash) restores the latest permanent checkpoint, settles
     * open instances and rolls back peers holding orphans (DESIGN §8).
     */
    public void start(String knownName) {
        links.bankPort().start(inbox::onBankDatagram);
        links.peerPort().start(inbox::onPeerDatagram);
        if (knownName != null) {
            recovery.resume(knownName);
            if (identity.frozen()) {
                membership.watchFreeze(); // the bank's word on this freeze may have been lost with the crash
            }
        }
    }

    /** True once this process knows which customer it is (started with a name, or opened). */
    public boolean hasIdentity() {
        return identity.hasIdentity();
    }

    public String name() {
        return identity.name;
    }

    public Endpoint port1() {
        return self1;
    }

    public Endpoint port2() {
        return self2;
    }

    // ------------------------------------------------------------------ console commands

    /**
     * Executes one command; {@code done} receives exactly one result, possibly later (network
     * round trips, checkpoints). The console's {@code CommandParser} makes commands from lines.
     */
    public void submit(CustomerCommand command, Consumer<Result> done) {
        dispatcher.run(command, done);
    }

    /** Sends a request to the bank, first learning (and pinning) the bank's key if need be. */
    void toBank(BankRequest request, Consumer<Reply> done) {
        if (links.keys().bankKey().isPresent()) {
            links.bankRequester().request(links.bank(), request.body(), done);
            return;
        }
        links.bareRequester().request(links.bank(), new BankRequest.BankKey().body(), reply -> {
            Optional<String> key = BankRequest.BankKey.keyIn(reply);
            String problem = key.isPresent() ? links.keys().pinBank(key.get())
                    : "cannot learn the bank's key: " + reply.line();
            if (problem != null) {
                done.accept(Reply.failure(request.verb() + ": " + problem));
            } else {
                links.bankRequester().request(links.bank(), request.body(), done);
            }
        });
    }

    /** Clean shutdown: saves the live account so that a restart resumes without a rollback. */
    public void quit() {
        activity.shuttingDown = true;
        if (identity.hasIdentity() && activity.round == null && !activity.recovering) {
            identity.store.saveLive(ledger.account);
        }
    }

    // ------------------------------------------------------------------ views for the console

    public Money balance() {
        return ledger.account.balance();
    }

    /**
     * A stamp of the balance and history: it changes whenever they do (a money command, a
     * transfer applied, a restore), so an observer on the event loop, such as the simulator's
     * checker, can skip copying an account that did not change ({@link #accountView}).
     */
    public long accountStamp() {
        return ((long) System.identityHashCode(ledger.account) << 32) ^ ledger.account.changes();
    }

    public Account accountView() {
        return ledger.account.copy();
    }

    public Optional<Checkpoint> permanentCheckpoint() {
        return Optional.ofNullable(ledger.permanent);
    }

    public long cohortId() {
        return identity.meta == null ? 0 : identity.meta.cohortId;
    }

    /** True when this customer may move money in its cohort: the bank confirmed it, and is not deleting it. */
    public boolean movesMoneyInCohort() {
        return identity.meta != null && identity.meta.cohortId != 0 && identity.cohortPause() == null;
    }

    /** True while the bank is deleting this customer's cohort (nothing new starts). */
    public boolean frozen() {
        return identity.frozen();
    }

    public List<Member> members() {
        return identity.meta == null ? List.of() : List.copyOf(identity.meta.members);
    }

    public long lastLabel() {
        return identity.meta == null ? 0 : identity.meta.lastLabel;
    }

    /** A one-line account of what the node is doing: idle, or in which instance. */
    public String activity() {
        return activity.describe();
    }

    /** Stops timers' effects by closing both ports; the caller closes the event loop. */
    public void close() {
        links.bankPort().close();
        links.peerPort().close();
    }
}
