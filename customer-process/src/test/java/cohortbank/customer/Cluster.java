package cohortbank.customer;

import cohortbank.bank.BankDataException;
import cohortbank.bank.BankKeys;
import cohortbank.bank.BankConfig;
import cohortbank.bank.BankServer;
import cohortbank.bank.BankState;
import cohortbank.bank.BankStore;
import cohortbank.bank.BankTable;
import cohortbank.bank.CsvBankStore;
import cohortbank.common.log.ProcessLog;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultControl;
import cohortbank.common.net.FaultPlan;
import cohortbank.common.net.TransportLayer;
import cohortbank.common.store.FileStorage;
import cohortbank.common.store.Storage;
import cohortbank.common.testing.FreePorts;
import cohortbank.customer.node.NodeListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A real bank and customer processes in this JVM, each with its own event loop and UDP ports
 * on 127.0.0.1, driven through {@link CustomerConsole} exactly as a user would drive them.
 * Everything lives under one temporary directory; {@link #close} stops it all. Every process
 * can inject the same {@link FaultPlan} into the datagrams it sends, each with its own seed.
 */
final class Cluster implements AutoCloseable {

    /** Bounded wait for anything that happens asynchronously (events, balance reports). */
    static final long WAIT_MILLIS = 15_000;

    private final Path dir;
    private final BankServer bank;
    private final List<Customer> customers = new ArrayList<>();
    private final FaultPlan faults;
    private final long faultSeed;

    Cluster(Path dir) throws IOException {
        this(dir, FaultPlan.NONE, 0);
    }

    /** A cluster whose bank and customers all send through {@code faults}, seeded from {@code faultSeed}. */
    Cluster(Path dir, FaultPlan faults, long faultSeed) throws IOException {
        this.dir = dir;
        this.faults = faults;
        this.faultSeed = faultSeed;
        BankStore store = BankStore.at(dataCsv());
        this.bank = FreePorts.bind(e -> BankServer.start(e, new BankStore.Contents(BankTable.empty(),
                BankState.initial()), store, new Random(7),
                BankConfig.DEFAULTS, ProcessLog.discard(), new FaultControl(faults, faultSeed), TransportLayer.NONE, event -> { },
                BankKeys.inMemory(faultSeed)));
    }

    Endpoint bankEndpoint() {
        return bank.local();
    }

    BankServer bank() {
        return bank;
    }

    Path dataCsv() {
        return dir.resolve("data.csv");
    }

    /** data.csv as a restart would read it: the file (its header alone if none yet) with its journal replayed. */
    String dataCsvText() {
        try {
            return CsvBankStore.format(BankStore.at(dataCsv()).read().table());
        } catch (BankDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new customer process with no account yet; {@code label} names its state directory. */
    Customer customer(String label) throws IOException {
        return customer(label, new FileStorage(dir.resolve("state").resolve(label)));
    }

    /** A new customer process keeping its state in {@code storage} (e.g. one that fails on demand). */
    Customer customer(String label, Storage storage) throws IOException {
        Customer c = new Customer(label, storage);
        customers.add(c);
        return c;
    }

    @Override
    public void close() {
        customers.forEach(Customer::close);
        bank.close();
    }

    /** Waits until {@code condition} holds, at most {@link #WAIT_MILLIS}; false if it never did. */
    static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** One customer process and the console lines it printed. */
    final class Customer implements AutoCloseable {

        final CustomerProcess process;
        final CustomerConsole console;
        private final List<String> events = Collections.synchronizedList(new ArrayList<>());
        private final List<String> output = Collections.synchronizedList(new ArrayList<>());

        private Customer(String label, Storage storage) throws IOException {
            NodeListener listener = new NodeListener() {
                @Override
                public void event(String text) {
                    events.add("EVENT " + text);
                }

                @Override
                public void log(String text) { }
            };
            IOException last = null;
            CustomerProcess bound = null;
            for (int attempt = 0; attempt < 5 && bound == null; attempt++) {
                List<Endpoint> ports = FreePorts.endpoints(2);
                try {
                    bound = CustomerProcess.bind(bank.local(), ports.get(0), ports.get(1),
                            name -> storage, listener, new Random(label.hashCode()),
                            ProcessLog.discard(), new FaultControl(faults, faultSeed + 31L * label.hashCode()),
                            TransportLayer.NONE, null);
                } catch (IOException e) {
                    last = e;
                }
            }
            if (bound == null) {
                throw last;
            }
            process = bound;
            process.start(null);
            console = new CustomerConsole(process, output::add, ProcessLog.discard(), CustomerConsole.COMMAND_TIMEOUT_MILLIS);
        }

        /** Runs one console line; returns what it printed, its result line last. */
        List<String> run(String line) {
            synchronized (output) {
                output.clear();
            }
            console.handle(line);
            synchronized (output) {
                return List.copyOf(output);
            }
        }

        /** Runs one console line and returns its result line. */
        String result(String line) {
            List<String> lines = run(line);
            return lines.get(lines.size() - 1);
        }

        List<String> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        boolean sawEvent(String fragment) {
            return events().stream().anyMatch(e -> e.contains(fragment));
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
