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

    /** Median microseconds of {@code samples} checkpoints after {@code history} transfers, in a fresh directory under {@code dir}. */
    static double checkpointMicros(Path dir, int history, int samples) throws IOException {
        Path state = Files.createDirectories(dir.resolve("history-" + history));
        CustomerStore store = new CustomerStore(new FileStorage(state), warning -> { });
        Account live = new Account(Money.ofCents(1));
        long label = 0;
        for (int i = 0; i < history; i++) {
            live.receive("bob", Money.ofCents(1), ++label);
        }
        int instance = 0;
        checkpoint(store, ++instance, live, label); // the history as it stands: written once
        List<Double> micros = new ArrayList<>();
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < 10; i++) {
                live.receive("bob", Money.ofCents(1), ++label);
            }
            long start = System.nanoTime();
            checkpoint(store, ++instance, live, label);
            micros.add((System.nanoTime() - start) / 1_000.0);
        }
        return Stats.median(micros);
    }

    private static void checkpoint(CustomerStore store, int instance, Account live, long label) {
        Checkpoint tentative = new Checkpoint("bench:" + instance, "-", label, live.copy());
        store.saveTentative(tentative);
        store.commitTentative(tentative, Decision.COMMIT);
    }
}
