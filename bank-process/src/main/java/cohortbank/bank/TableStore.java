package cohortbank.bank;

import java.io.IOException;

/**
 * Where the bank's table is kept.
 *
 * <p>Contract: when {@link #save} returns, {@code table} is durable and has replaced the
 * previous content atomically; when it throws, the previous content is still what a restart
 * would read.
 */
@FunctionalInterface
public interface TableStore {

    void save(BankTable table) throws IOException;
}
