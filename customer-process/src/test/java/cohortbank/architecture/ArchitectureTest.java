package cohortbank.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The code's structure as rules that fail the build when broken:
 * <ul>
 *   <li>the protocol code (what the deterministic simulator runs for real) touches the world
 *       only through the Transport, Scheduler and Storage seams: no files, sockets, threads,
 *       clocks or console, and never the test harness;</li>
 *   <li>the modules depend one way: {@code common <- bank}, {@code common <- customer}; the
 *       bank never sees the customer, and the customer meets the bank only over the wire (the
 *       simulator alone runs the bank's classes); the product never imports the harness
 *       (simulator, scenario runner, checkers).</li>
 * </ul>
 * Where the code breaks a rule today on purpose, the exception is written down in
 * {@link #KNOWN_EXCEPTIONS} with its reason; {@link #everyKnownExceptionIsStillNeeded} makes
 * sure the list only shrinks.
 *
 * <p>The classes of all three modules are on this module's test class path (customer-process
 * depends on bank-process and common), so the rules are checked here once.
 */
class ArchitectureTest {

    /** One dependency that breaks a rule and is allowed, with why. */
    record KnownException(String origin, String target, String reason) {
        boolean allows(Dependency d) {
            return d.getOriginClass().getName().equals(origin) && d.getTargetClass().getName().equals(target);
        }
    }

    /** The frozen list: every entry says why it is allowed; none may be added without one. */
    static final List<KnownException> KNOWN_EXCEPTIONS = List.of(
            new KnownException("cohortbank.bank.BankKeys", "cohortbank.common.sim.MemoryStorage",
                    "BankKeys.inMemory keeps the bindings of a bank without a data directory (the"
                            + " simulator, tests, BankServer's short start) in the in-memory Storage;"
                            + " moving MemoryStorage out of common.sim renames a class many tests use"));

    /** Protocol state machines and formats of the customer: node, its typed commands, account, wire, state files. */
    static final DescribedPredicate<JavaClass> CUSTOMER_PROTOCOL = resideInAnyPackage(
            "cohortbank.customer.node..", "cohortbank.customer.command..", "cohortbank.customer.account..",
            "cohortbank.customer.wire..", "cohortbank.customer.store..");

    /**
     * The bank's edge: its process, console, UDP server, the data.csv file format, the store that
     * puts data.csv and its sidecar on a disk (a file path, or any Storage), and the key files.
     * Every other bank class is protocol or table logic.
     */
    static final Set<String> BANK_EDGE = Set.of("BankMain", "BankConsole", "BankServer", "CsvBankStore", "BankStore",
            "BankKeys");

    static final DescribedPredicate<JavaClass> BANK_PROTOCOL = describe(
            "bank protocol and table logic (cohortbank.bank outside " + BANK_EDGE + ")",
            c -> c.getPackageName().equals("cohortbank.bank")
                    && !BANK_EDGE.contains(outermost(c).getSimpleName()));

    /** The parts of common the protocol is made of: requests and replies, the wire, money. */
    static final DescribedPredicate<JavaClass> COMMON_PROTOCOL = resideInAnyPackage(
            "cohortbank.common.rpc..", "cohortbank.common.wire..", "cohortbank.common.money..");

    static final DescribedPredicate<JavaClass> PROTOCOL =
            CUSTOMER_PROTOCOL.or(BANK_PROTOCOL).or(COMMON_PROTOCOL).as("protocol code");

    /**
     * The simulator, scenario runner, checkers, benchmark (which drives real processes through
     * the runner) and live view, and common's simulated network and disk. The product jar
     * (customer-process.jar) ships none of the customer's harness packages (ProductJarIT).
     */
    static final DescribedPredicate<JavaClass> HARNESS = resideInAnyPackage(
            "cohortbank.customer.sim..", "cohortbank.customer.runner..", "cohortbank.customer.check..",
            "cohortbank.customer.bench..", "cohortbank.customer.watch..", "cohortbank.common.sim..")
            .as("the harness (sim, runner, check, bench, watch)");

    private static final Set<String> ALLOWED_JAVA_IO = Set.of(
            "java.io.IOException", "java.io.UncheckedIOException", "java.io.Serializable");

    private static final Set<String> WORLD_CLASSES = Set.of(
            "java.lang.Thread", "java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.Process",
            "java.util.Timer", "java.time.Clock", "java.time.InstantSource", "java.time.Instant",
            "java.time.LocalDateTime", "java.time.LocalDate", "java.time.ZonedDateTime",
            "java.time.OffsetDateTime", "java.security.SecureRandom");

    /** Files, sockets, threads, clocks and the console: what only the seams may touch. */
    static final DescribedPredicate<JavaClass> WORLD = describe(
            "files, network, threads, clocks or the console",
            c -> worldPackage(c.getPackageName()) || WORLD_CLASSES.contains(c.getName())
                    || c.getPackageName().equals("java.io") && !ALLOWED_JAVA_IO.contains(c.getName()));

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("cohortbank");
    }

    @Test
    void theClassesOfAllThreeModulesAreSeen() {
        for (String name : List.of("cohortbank.common.wire.Envelope", "cohortbank.bank.BankNode",
                "cohortbank.customer.node.CustomerNode", "cohortbank.customer.sim.Simulator")) {
            assertTrue(classes.contain(name), name + " was imported");
        }
        assertTrue(classes.stream().noneMatch(c -> c.getSimpleName().endsWith("Test")), "no test classes");
    }

    @Test
    void protocolCodeTouchesTheWorldOnlyThroughItsSeams() {
        check(noClasses().that(PROTOCOL).should(dependOn(WORLD)));
    }

    @Test
    void protocolCodeReadsNoClockAndPrintsNothing() {
        check(noClasses().that(PROTOCOL)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "exit", int.class)
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().accessField(System.class, "in")
                .because("the simulator runs this code on virtual time and reads its results, not its output"));
    }

    @Test
    void protocolCodeUsesNoConsoleParser() {
        check(noClasses().that(PROTOCOL).should(dependOn(resideInAnyPackage(
                "picocli..", "org.jline..", "com.opencsv..", "cohortbank.common.console..")
                .as("console, command-line or CSV libraries"))));
    }

    @Test
    void commonDependsOnNeitherProcess() {
        check(noClasses().that().resideInAPackage("cohortbank.common..")
                .should(dependOn(resideInAnyPackage("cohortbank.bank..", "cohortbank.customer..")
                        .as("the bank or the customer"))));
    }

    @Test
    void theBankNeverSeesTheCustomer() {
        check(noClasses().that().resideInAPackage("cohortbank.bank..")
                .should(dependOn(resideInAnyPackage("cohortbank.customer..").as("the customer"))));
    }

    /**
     * The customer process meets the bank only over the wire; the bank's classes are on the
     * customer's class path for the simulator alone, which runs the real bank state machine.
     */
    @Test
    void theCustomerMeetsTheBankOnlyOverTheWire() {
        check(noClasses().that().resideInAPackage("cohortbank.customer..").and(DescribedPredicate.not(HARNESS))
                .should(dependOn(resideInAnyPackage("cohortbank.bank..").as("the bank's classes"))));
    }

    @Test
    void theProductNeverImportsTheHarness() {
        check(noClasses().that(DescribedPredicate.not(HARNESS).as("product classes")).should(dependOn(HARNESS)));
    }

    @Test
    void everyClassBelongsToAModulePackage() {
        check(classes().should().resideInAnyPackage("cohortbank.common..", "cohortbank.bank..",
                "cohortbank.customer.."));
    }

    /** An exception that no longer happens must leave the list, so that the list only shrinks. */
    @Test
    void everyKnownExceptionIsStillNeeded() {
        for (KnownException known : KNOWN_EXCEPTIONS) {
            boolean happens = classes.contain(known.origin())
                    && classes.get(known.origin()).getDirectDependenciesFromSelf().stream().anyMatch(known::allows);
            assertTrue(happens, known.origin() + " no longer depends on " + known.target()
                    + ": remove it from KNOWN_EXCEPTIONS");
        }
        assertEquals(KNOWN_EXCEPTIONS.size(),
                KNOWN_EXCEPTIONS.stream().map(k -> k.origin() + k.target()).collect(Collectors.toSet()).size(),
                "no exception is listed twice");
    }

    /** The rules are not vacuous: a planted breach of each kind is caught. */
    @Test
    void theRulesCatchABreach() {
        JavaClasses planted = new ClassFileImporter().importClasses(Breach.class);
        ArchRule rule = noClasses().should(dependOn(WORLD));
        assertTrue(rule.evaluate(planted).hasViolation(), "a class starting a Thread breaks the rule");
    }

    /** Stands in for protocol code that starts a thread (only {@link #theRulesCatchABreach} reads it). */
    static final class Breach {
        void run() {
            new Thread(() -> { }).start();
        }
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    /** Depends on a class matching {@code targets}, unless the dependency is a known exception. */
    private static ArchCondition<JavaClass> dependOn(DescribedPredicate<? super JavaClass> targets) {
        return new ArchCondition<>("depend on " + targets.getDescription()) {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    if (targets.test(d.getTargetClass())
                            && KNOWN_EXCEPTIONS.stream().noneMatch(k -> k.allows(d))) {
                        events.add(SimpleConditionEvent.satisfied(d, d.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean worldPackage(String pkg) {
        return pkg.startsWith("java.net") || pkg.startsWith("java.nio.file") || pkg.startsWith("java.nio.channels")
                || pkg.startsWith("java.util.concurrent");
    }

    private static JavaClass outermost(JavaClass c) {
        JavaClass outer = c;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }
}
