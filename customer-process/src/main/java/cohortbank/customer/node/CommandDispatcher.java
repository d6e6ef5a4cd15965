package cohortbank.customer.node;

import cohortbank.customer.command.CustomerCommand;
import cohortbank.customer.command.Result;
import java.util.function.Consumer;

/**
 * Hands each {@link CustomerCommand} to the part of the node that executes it: the bank's
 * commands to {@link BankCommands}, money moves to {@link MoneyCommands}, checkpoint and
 * rollback to {@link Initiations}. Commands other than the bank's need an account first.
 * Event loop only.
 */
final class CommandDispatcher {

    private final CustomerIdentity identity;
    private final BankCommands bank;
    private final MoneyCommands money;
    private final Initiations initiations;

    CommandDispatcher(CustomerIdentity identity, BankCommands bank, MoneyCommands money, Initiations initiations) {
        this.identity = identity;
        this.bank = bank;
        this.money = money;
        this.initiations = initiations;
    }

    /** Runs {@code command}; {@code done} receives exactly one result, possibly later. */
    void run(CustomerCommand command, Consumer<Result> done) {
        if (command instanceof CustomerCommand.Open c) {
            bank.open(c, done);
        } else if (command instanceof CustomerCommand.NewCohort c) {
            bank.newCohort(c, done);
        } else if (command instanceof CustomerCommand.DeleteCohort c) {
            bank.deleteCohort(c, done);
        } else if (command instanceof CustomerCommand.Exit c) {
            bank.exit(c, done);
        } else if (!identity.hasIdentity()) {
            done.accept(new Result.Failed(command.verb() + ": no account yet; first: open <name> <balance>"));
        } else if (command instanceof CustomerCommand.Deposit c) {
            money.deposit(c.amount(), done);
        } else if (command instanceof CustomerCommand.Withdrawal c) {
            money.withdraw(c.amount(), done);
        } else if (command instanceof CustomerCommand.Transfer c) {
            money.transfer(c.amount(), c.receiver(), c.lost(), done);
        } else if (command instanceof CustomerCommand.Checkpoint) {
            initiations.submit(Round.Kind.CHECKPOINT, done);
        } else if (command instanceof CustomerCommand.Rollback) {
            initiations.submit(Round.Kind.ROLLBACK, done);
        } else {
            throw new IllegalArgumentException("no part of the node runs " + command);
        }
    }
}
