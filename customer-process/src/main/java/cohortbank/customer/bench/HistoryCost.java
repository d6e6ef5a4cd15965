package cohortbank.customer.bench;

import cohortbank.common.money.Money;
import cohortbank.common.store.FileStorage;
import cohortbank.customer.account.Account;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.store.CustomerStore;
import cohortbank.customer.wire.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a customer's disk spends on one checkpoint (its tentative checkpoint, then the commit that
 * makes it permanent, through the real {@link CustomerStore} on files, fsyncs included) once its
 * history holds {@code history} transfers: each sample adds 10 transfers and takes a checkpoint.
 * With the history kept in an append-only log, 10,000 transfers cost what 10 cost.
 */
final class HistoryCost {

    private HistoryCost() {
    }

    /** The median time and the median bytes written of the checkpoints after a history's length. */
    record Cost(double micros, double bytes) {
    }

    /** One customer's store on files, its history grown to some length. */
    private static final class Customer {
        final Path log;
        final CustomerStore store;
        final List<Double> micros = new ArrayList<>();
        final List<Double> bytes = new ArrayList<>();
        final Account live = new Account(Money.ofCents(1));
        long label;
        int instance;

        Customer(Path dir, int history) throws IOException {
            Path state = Files.createDirectories(dir.resolve("history-" + history));
            log = state.resolve("checkpoints");
            store = new CustomerStore(new FileStorage(state), warning -> { });
            receive(history);
            checkpoint(); // the history as it stands: written once
        }

        void receive(int transfers) {
            for (int i = 0; i < transfers; i++) {
                live.receive("bob", Money.ofCents(1), ++label);
            }
        }

        /** Ten more transfers, then a checkpoint, timed and its bytes counted (the log's growth). */
        void measuredCheckpoint() throws IOException {
            receive(10);
            long size = Files.size(log);
            long start = System.nanoTime();
            checkpoint();
            micros.add((System.nanoTime() - start) / 1_000.0);
            long grown = Files.size(log) - size;
            if (grown > 0) { // not when the log was rewritten whole, which happens once in a while
                bytes.add((double) grown);
            }
        }

        Cost cost() {
            return new Cost(Stats.median(micros), Stats.median(bytes));
        }

        void checkpoint() {
            Checkpoint tentative = new Checkpoint("bench:" + ++instance, "-", label, live.copy());
            store.saveTentative(tentative);
            store.commitTentative(tentative, Decision.COMMIT);
        }
    }

    /**
     * The cost of {@code samples} checkpoints after {@code shortHistory} and after
     * {@code longHistory} transfers, in that order, in fresh directories under {@code dir}. The
     * samples alternate between the two, so that a load that comes and goes weighs on both alike.
     */
    static List<Cost> checkpointCosts(Path dir, int shortHistory, int longHistory, int samples) throws IOException {
        Customer brief = new Customer(dir, shortHistory);
        Customer longer = new Customer(dir, longHistory);
        for (int s = 0; s < samples; s++) {
            brief.measuredCheckpoint();
            longer.measuredCheckpoint();
        }
        return List.of(brief.cost(), longer.cost());
    }
}
