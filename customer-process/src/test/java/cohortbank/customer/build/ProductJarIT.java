package cohortbank.customer.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two jars the build makes from this module (its pom says why): the product
 * {@code customer-process.jar} holds the customer process and nothing of the harness or the
 * bank, yet misses no class it needs; {@code customer-harness.jar} holds everything the
 * simulator, scenario runner, benchmark and live view need. Runs after {@code package}.
 */
@Timeout(120)
class ProductJarIT {

    private static final Path PRODUCT = Path.of("target/customer-process.jar");
    private static final Path HARNESS = Path.of("target/customer-harness.jar");

    /** Packages that only the harness uses: never shipped in the product. */
    private static final List<String> HARNESS_ONLY = List.of("cohortbank/customer/sim/", "cohortbank/customer/runner/",
            "cohortbank/customer/check/", "cohortbank/customer/bench/", "cohortbank/customer/watch/", "cohortbank/bank/",
            "com/opencsv/", "org/apache/commons/");

    @Test
    void theProductHoldsTheCustomerProcessAndNoneOfTheHarness() throws IOException {
        List<String> entries = entries(PRODUCT);

        assertTrue(entries.contains("cohortbank/customer/CustomerMain.class"), "the product has its main class");
        assertTrue(entries.contains("cohortbank/customer/node/CustomerNode.class"), "the product has the protocol");
        List<String> strays = entries.stream().filter(e -> HARNESS_ONLY.stream().anyMatch(e::startsWith)).toList();
        assertEquals(List.of(), strays, "harness or bank classes in the product jar");
    }

    @Test
    void theProductMissesNoProjectClass() {
        // jdeps lists every class a class in the jar refers to that the jar does not hold.
        // jline's optional features (ssh, a native terminal library) are missing by design.
        String out = run(ToolProvider.findFirst("jdeps").orElseThrow(), "--missing-deps", "--multi-release", "17",
                PRODUCT.toString());
        List<String> missing = out.lines().filter(l -> l.contains("cohortbank.") || l.contains("picocli."))
                .filter(l -> l.contains("not found")).toList();
        assertEquals(List.of(), missing, out);
    }

    @Test
    void theHarnessHoldsTheSimulatorTheRunnerAndTheBank() throws IOException {
        List<String> entries = entries(HARNESS);

        for (String cls : List.of("cohortbank/customer/sim/SimulateMain.class",
                "cohortbank/customer/runner/RunScenarioMain.class", "cohortbank/customer/bench/BenchMain.class",
                "cohortbank/customer/watch/WatchMain.class", "cohortbank/common/trace/TraceTool.class",
                "cohortbank/bank/Bank.class", "com/opencsv/CSVReader.class")) {
            assertTrue(entries.contains(cls), cls + " in the harness jar");
        }
    }

    @Test
    void theProductStartsAndAnswersHelp() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-jar", PRODUCT.toString(), "--help").redirectErrorStream(true)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "customer --help finished");
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("Usage: customer"), out);
        } finally {
            p.destroyForcibly();
        }
    }

    private static List<String> entries(Path jar) throws IOException {
        assertTrue(Files.isRegularFile(jar), jar + " was built");
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.stream().map(ZipEntry::getName).toList();
        }
    }

    private static String run(ToolProvider tool, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            tool.run(out, out, args);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
