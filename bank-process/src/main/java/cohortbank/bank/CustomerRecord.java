package cohortbank.bank;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.bank.Member;
import java.util.Objects;

/**
 * One row of the bank's table (one line of data.csv).
 *
 * <p>Contract: the name follows {@link Args#NAME}, the balance is not negative, {@code ip} is an
 * IPv4 literal, both ports are valid and distinct, {@code cohort} is {@link #NO_COHORT} or a
 * positive id, and an exited customer is in no cohort. Records are values: every change makes
 * a new one.
 */
public record CustomerRecord(String name, Money balance, String ip, int port1, int port2,
                             int cohort, boolean exited) {

    /** The {@code cohort} of a customer in no cohort (an empty cell in data.csv). */
    public static final int NO_COHORT = 0;

    public CustomerRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(ip, "ip");
        if (!Args.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad name '" + name + "'");
        }
        if (balance.isNegative()) {
            throw new IllegalArgumentException("negative balance " + balance);
        }
        // Endpoint validates the address and both ports, with messages naming the problem.
        new Endpoint(ip, port1);
        new Endpoint(ip, port2);
        if (port1 == port2) {
            throw new IllegalArgumentException("port1 and port2 are both " + port1);
        }
        if (cohort < 0) {
            throw new IllegalArgumentException("bad cohort " + cohort);
        }
        if (exited && cohort != NO_COHORT) {
            throw new IllegalArgumentException("exited customer '" + name + "' is in cohort " + cohort);
        }
    }

    /** A newly opened, active customer in no cohort. */
    public static CustomerRecord opened(String name, Money balance, String ip, int port1, int port2) {
        return new CustomerRecord(name, balance, ip, port1, port2, NO_COHORT, false);
    }

    public boolean active() {
        return !exited;
    }

    /** Active and in no cohort: one a new cohort may draw. */
    public boolean free() {
        return active() && !inCohort();
    }

    public boolean inCohort() {
        return cohort != NO_COHORT;
    }

    /** Where the bank sends this customer requests (cohort-formed, cohort-deleted). */
    public Endpoint bankEndpoint() {
        return new Endpoint(ip, port1);
    }

    /** {@code name@ip:port2}: how cohort peers reach this customer. */
    public String peerAddress() {
        return member().address();
    }

    /** This customer as a cohort notice names it (without its key). */
    public Member member() {
        return new Member(name, new Endpoint(ip, port2));
    }

    public CustomerRecord withBalance(Money newBalance) {
        return new CustomerRecord(name, newBalance, ip, port1, port2, cohort, exited);
    }

    public CustomerRecord withCohort(int newCohort) {
        return new CustomerRecord(name, balance, ip, port1, port2, newCohort, exited);
    }

    public CustomerRecord asExited() {
        return new CustomerRecord(name, balance, ip, port1, port2, NO_COHORT, true);
    }
}
