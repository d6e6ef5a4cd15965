package cohortbank.customer.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plays every scenario shipped in scripts/scenarios on a real bank and real customers (child
 * JVMs on this test's class path), as {@code scripts/run-scenario} would. A failure names the
 * scenario, the line, what was expected and what came. Every run must also leave its merged
 * trace and space-time diagram.
 */
@Tag("slow")
class ShippedScenariosTest {

    private static final Path SCENARIOS = Path.of("..", "scripts", "scenarios");

    @TempDir
    Path runs;

    @TestFactory
    Stream<DynamicTest> everyShippedScenarioHolds() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(SCENARIOS)) {
            files = listing.filter(p -> p.toString().endsWith(".scn")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no scenarios in " + SCENARIOS.toAbsolutePath());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Scenario scenario = ScenarioParser.parse(file);
            ScenarioInterpreter.Outcome outcome;
            try (ScenarioInterpreter interpreter = new ScenarioInterpreter(scenario, runs.resolve(scenario.name()),
                    ProcessLauncher.fromClassPath(), Narrator.silent(), 1, List.of())) {
                outcome = interpreter.run();
            }
            assertTrue(outcome.passed(), () -> outcome.failure());
            assertTrue(outcome.pictures().isPresent(), () -> "no trace pictures: " + outcome.picturesProblem());
            assertTrue(Files.size(outcome.pictures().get().svg()) > 0, "empty space-time diagram");
        }));
    }
}
