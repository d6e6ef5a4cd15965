package cohortbank.common.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryLockTest {

    @Test
    void aSecondLockOfTheSameDirectoryIsRefusedUntilTheFirstIsReleased(@TempDir Path dir) throws IOException {
        Path state = dir.resolve("state").resolve("alice");
        StateDirectoryLock first = StateDirectoryLock.acquire(state);
        assertTrue(Files.isDirectory(state), "created");

        IOException busy = assertThrows(StateDirectoryLock.InUse.class, () -> StateDirectoryLock.acquire(state));
        assertTrue(busy.getMessage().endsWith("is in use by another process"), busy.getMessage());

        first.close();
        StateDirectoryLock.acquire(state).close();
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsNamed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        IOException e = assertThrows(IOException.class, () -> StateDirectoryLock.acquire(file.resolve("alice")));
        assertTrue(e.getMessage().contains("a-file"), e.getMessage());
    }

    @Test
    void aSecondLockBesideTheSameFileIsRefusedAndNamesTheFile(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data.csv");
        StateDirectoryLock first = StateDirectoryLock.acquireBeside(data);
        assertTrue(Files.exists(dir.resolve("data.csv.lock")), "the lock file lies beside the data file");

        IOException busy = assertThrows(StateDirectoryLock.InUse.class, () -> StateDirectoryLock.acquireBeside(data));
        assertTrue(busy.getMessage().startsWith(data + " is in use"), busy.getMessage());

        first.close();
        StateDirectoryLock.acquireBeside(data).close();
    }
}
