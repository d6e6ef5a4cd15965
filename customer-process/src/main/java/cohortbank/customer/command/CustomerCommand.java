package cohortbank.customer.command;

import cohortbank.common.money.Money;
import java.util.Optional;

/**
 * A command the customer node executes, already parsed and checked for form (see
 * {@link CommandParser}): names are valid, amounts positive, ports in range. What depends on
 * the node's state (an account, a cohort, the balance) the node checks when it runs it.
 *
 * <p>Inspection commands ({@code balance}, {@code status}, {@code history}, {@code help},
 * {@code faults}, {@code quit}) are not here: the console answers them itself.
 */
public sealed interface CustomerCommand {

    /** The console word of this command, which starts each of its {@code FAILURE} reasons. */
    String verb();

    /** A command the bank answers: the node sends it there and waits for the bank's word. */
    sealed interface ForBank extends CustomerCommand permits Open, NewCohort, DeleteCohort, Exit {
    }

    /** An address to register at the bank: the long form of {@code open}. */
    record Address(String host, int port1, int port2) {
    }

    /**
     * {@code open <name> <balance> [<ipv4> <port1> <port2>]}: without an address, this
     * process's own; when the bank accepts this process's own address, the process becomes
     * that customer.
     */
    record Open(String name, Money balance, Optional<Address> address) implements ForBank {
        @Override
        public String verb() {
            return "open";
        }
    }

    /** {@code new-cohort <name> <n>}: asks the bank to form a cohort of {@code n} customers including {@code name}. */
    record NewCohort(String name, int size) implements ForBank {
        @Override
        public String verb() {
            return "new-cohort";
        }
    }

    /** {@code delete-cohort <name>}: asks the bank to dissolve {@code name}'s cohort. */
    record DeleteCohort(String name) implements ForBank {
        @Override
        public String verb() {
            return "delete-cohort";
        }
    }

    /** {@code exit <name>}: closes {@code name}'s account at the bank. */
    record Exit(String name) implements ForBank {
        @Override
        public String verb() {
            return "exit";
        }
    }

    /** {@code deposit <amount>}. */
    record Deposit(Money amount) implements CustomerCommand {
        @Override
        public String verb() {
            return "deposit";
        }
    }

    /** {@code withdrawal <amount>}. */
    record Withdrawal(Money amount) implements CustomerCommand {
        @Override
        public String verb() {
            return "withdrawal";
        }
    }

    /**
     * {@code transfer <amount> <receiver>}, or with {@code lost} {@code lost-transfer}: debited
     * and recorded as sent like a transfer, but never sent.
     */
    record Transfer(Money amount, String receiver, boolean lost) implements CustomerCommand {
        @Override
        public String verb() {
            return lost ? "lost-transfer" : "transfer";
        }
    }

    /** {@code checkpoint}: a checkpoint instance started here. */
    record Checkpoint() implements CustomerCommand {
        @Override
        public String verb() {
            return "checkpoint";
        }
    }

    /** {@code rollback}: a rollback instance started here. */
    record Rollback() implements CustomerCommand {
        @Override
        public String verb() {
            return "rollback";
        }
    }
}
