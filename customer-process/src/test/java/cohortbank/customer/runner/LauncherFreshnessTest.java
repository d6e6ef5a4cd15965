package cohortbank.customer.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers' freshness check ({@code scripts/lib/launch.sh}) on a copy of the checkout's
 * poms: a jar is rebuilt when a source of any module it bundles is newer than it, so that
 * {@code scripts/simulate} (the customer jar, which bundles the bank's classes) never runs
 * stale bank code after a bank edit.
 */
@Timeout(60)
class LauncherFreshnessTest {

    private static final Path ROOT = Path.of("..");
    private static final Instant JAR_BUILT = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path checkout;

    @BeforeEach
    void copyTheLauncherAndThePoms() throws IOException {
        Files.createDirectories(checkout.resolve("scripts/lib"));
        Files.copy(ROOT.resolve("scripts/lib/launch.sh"), checkout.resolve("scripts/lib/launch.sh"));
        for (String pom : List.of("pom.xml", "common/pom.xml", "bank-process/pom.xml", "customer-process/pom.xml")) {
            Files.createDirectories(checkout.resolve(pom).getParent());
            Files.copy(ROOT.resolve(pom), checkout.resolve(pom), StandardCopyOption.COPY_ATTRIBUTES);
            Files.setLastModifiedTime(checkout.resolve(pom), FileTime.from(JAR_BUILT.minusSeconds(60)));
        }
        for (String module : List.of("common", "bank-process", "customer-process")) {
            source(module, "A.java", JAR_BUILT.minusSeconds(60));
            jar(module);
        }
        // The check also looks at directories (a removed source changes its directory), so the
        // copy's directories are as old as its sources.
        try (var paths = Files.walk(checkout)) {
            for (Path p : paths.filter(Files::isDirectory).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(JAR_BUILT.minusSeconds(60)));
            }
        }
    }

    @Test
    void theCustomerJarBundlesTheBankAndCommon() throws Exception {
        assertEquals(List.of("customer-process", "common", "bank-process"), launch("cohort_jar_modules customer-process"));
        assertEquals(List.of("bank-process", "common"), launch("cohort_jar_modules bank-process"));
    }

    @Test
    void aJarNewerThanEverySourceIsFresh() throws Exception {
        assertEquals(List.of("fresh"), stale("customer-process"));
        assertEquals(List.of("fresh"), stale("bank-process"));
    }

    @Test
    void aBankEditMakesTheCustomerJarStale() throws Exception {
        source("bank-process", "Bank.java", JAR_BUILT.plusSeconds(60));

        assertEquals(List.of("stale"), stale("customer-process"));
        assertEquals(List.of("stale"), stale("bank-process"));
    }

    @Test
    void aCommonEditMakesBothJarsStaleAndACustomerEditOnlyTheCustomerJar() throws Exception {
        source("customer-process", "Node.java", JAR_BUILT.plusSeconds(60));
        assertEquals(List.of("fresh"), stale("bank-process"));
        assertEquals(List.of("stale"), stale("customer-process"));

        source("common", "Money.java", JAR_BUILT.plusSeconds(60));
        assertEquals(List.of("stale"), stale("bank-process"));
    }

    private List<String> stale(String module) throws Exception {
        return launch("if cohort_jar_stale " + module + " \"$COHORT_ROOT/" + module + "/target/" + module
                + ".jar\"; then echo stale; else echo fresh; fi");
    }

    private List<String> launch(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "source scripts/lib/launch.sh && " + script)
                .directory(checkout.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    private void source(String module, String name, Instant modified) throws IOException {
        Path file = checkout.resolve(module + "/src/main/java/cohortbank/" + name);
        Files.createDirectories(file.getParent());
        FileTime directoryTime = Files.getLastModifiedTime(file.getParent());
        Files.writeString(file, "class X {}\n");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        Files.setLastModifiedTime(file.getParent(), directoryTime); // only the file's own time counts here
    }

    private void jar(String module) throws IOException {
        Path jar = checkout.resolve(module + "/target/" + module + ".jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(jar, FileTime.from(JAR_BUILT));
    }
}
