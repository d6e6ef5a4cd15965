package cohortbank.common.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.store.FileStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryStorageTest {

    private final MemoryStorage storage = new MemoryStorage();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsBackExactlyTheLastWriteAndNothingAfterDelete() throws IOException {
        assertTrue(storage.read("state").isEmpty());
        storage.write("state", bytes("v1"));
        storage.write("state", bytes("v2"));
        assertArrayEquals(bytes("v2"), storage.read("state").orElseThrow());
        assertEquals(Set.of("state"), storage.names());

        storage.delete("state");
        storage.delete("state");
        assertTrue(storage.read("state").isEmpty());
    }

    @Test
    void storedBytesCannotBeChangedThroughTheArraysPassedInOrOut() throws IOException {
        byte[] content = bytes("abc");
        storage.write("state", content);
        content[0] = 'X';
        storage.read("state").orElseThrow()[1] = 'Y';
        assertArrayEquals(bytes("abc"), storage.read("state").orElseThrow());
    }

    @Test
    void aFailingWriteOrDeleteLeavesTheOldContent() throws IOException {
        storage.write("state", bytes("old"));
        storage.setFailing(true);
        assertThrows(IOException.class, () -> storage.write("state", bytes("new")));
        assertThrows(IOException.class, () -> storage.delete("state"));
        storage.setFailing(false);
        assertArrayEquals(bytes("old"), storage.read("state").orElseThrow());
    }

    @Test
    void acceptsAndRefusesExactlyTheNamesFileStorageDoes(@TempDir Path dir) {
        FileStorage files = new FileStorage(dir);
        for (String name : List.of("ok", "a.b-c_d", "9", "", ".hidden", "../up", "a/b", "x.tmp",
                "x".repeat(101), "x".repeat(102), "sp ace")) {
            boolean fileRefuses = refuses(() -> files.read(name));
            boolean memoryRefuses = refuses(() -> storage.read(name));
            assertEquals(fileRefuses, memoryRefuses, "name '" + name + "'");
        }
    }

    private static boolean refuses(IoAction action) {
        try {
            action.run();
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }
}
