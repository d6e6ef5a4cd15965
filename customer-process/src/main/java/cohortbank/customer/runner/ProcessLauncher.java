package cohortbank.customer.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command line of a bank or customer JVM. Two ways: from the shaded jars (what the
 * scripts use, {@link #fromJars}), or from this JVM's own class path (what tests use, since
 * they run before the jars are packaged, {@link #fromClassPath}).
 */
public final class ProcessLauncher {

    /**
     * Small, quick-starting JVMs: many of them share two cores during a run. The same options
     * as scripts/lib/launch.sh's {@code cohort_process_opts}: C1 only, serial collector, JVM
     * warnings on stderr (never on the console's stdout), and each jar's class data archive
     * ({@code <module>.jsa} beside it) when the scripts made one.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Djava.net.preferIPv4Stack=true",
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:+DisplayVMOutputToStderr", "-Xlog:disable",
            "-Xlog:all=warning:stderr", "-Xshare:auto");
    private static final List<String> BANK_HEAP = List.of("-Xmx1g");
    /** A small young generation bounds the memory a burst of transfers touches; earlier compilation warms a fresh customer. */
    private static final List<String> CUSTOMER_HEAP = List.of("-Xmx64m", "-Xmn6m", "-XX:CompileThresholdScaling=0.25");

    private static final String BANK_MAIN = "cohortbank.bank.BankMain";
    private static final String CUSTOMER_MAIN = "cohortbank.customer.CustomerMain";

    private final List<String> bankPrefix;
    private final List<String> customerPrefix;

    private ProcessLauncher(List<String> bankPrefix, List<String> customerPrefix) {
        this.bankPrefix = List.copyOf(bankPrefix);
        this.customerPrefix = List.copyOf(customerPrefix);
    }

    /**
     * Runs {@code java -jar} on each process's jar.
     *
     * @throws IllegalArgumentException naming a jar that does not exist
     */
    public static ProcessLauncher fromJars(Path bankJar, Path customerJar) {
        for (Path jar : List.of(bankJar, customerJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no jar at " + jar + " (build first: ./mvnw -B -DskipTests package)");
            }
        }
        return new ProcessLauncher(prefix(BANK_HEAP, archiveOf(bankJar), "-jar", bankJar.toAbsolutePath().toString()),
                prefix(CUSTOMER_HEAP, archiveOf(customerJar), "-jar", customerJar.toAbsolutePath().toString()));
    }

    /**
     * Runs each process's main class with this JVM's class path.
     *
     * @throws IllegalStateException when the bank's main class is not on it
     */
    public static ProcessLauncher fromClassPath() {
        try {
            Class.forName(BANK_MAIN, false, ProcessLauncher.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the bank is not on this class path; give --bank-jar and --customer-jar");
        }
        String classPath = System.getProperty("java.class.path");
        return new ProcessLauncher(prefix(BANK_HEAP, "-cp", classPath, BANK_MAIN),
                prefix(CUSTOMER_HEAP, "-cp", classPath, CUSTOMER_MAIN));
    }

    /** The option mapping {@code jar}'s class data archive, or -Xshare:auto again (a no-op) when there is none. */
    private static String archiveOf(Path jar) {
        String name = jar.getFileName().toString();
        Path archive = jar.toAbsolutePath().resolveSibling(name.replaceFirst("\\.jar$", "") + ".jsa");
        return Files.isRegularFile(archive) ? "-XX:SharedArchiveFile=" + archive : "-Xshare:auto";
    }

    private static List<String> prefix(List<String> heap, String... launch) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(heap);
        command.addAll(List.of(launch));
        return command;
    }

    /** The bank's full command line with these options. */
    public List<String> bank(List<String> options) {
        List<String> command = new ArrayList<>(bankPrefix);
        command.addAll(options);
        return command;
    }

    /** A customer's full command line with these options. */
    public List<String> customer(List<String> options) {
        List<String> command = new ArrayList<>(customerPrefix);
        command.addAll(options);
        return command;
    }
}
