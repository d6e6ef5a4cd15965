package cohortbank.common.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileStorageTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsBackWhatWasWrittenAndTheLatestVersionAfterAReplace() throws IOException {
        FileStorage storage = new FileStorage(dir);
        storage.write("alice.ckpt", bytes("balance 90.00"));
        assertArrayEquals(bytes("balance 90.00"), storage.read("alice.ckpt").orElseThrow());

        storage.write("alice.ckpt", bytes("balance 60.00"));
        assertArrayEquals(bytes("balance 60.00"), new FileStorage(dir).read("alice.ckpt").orElseThrow(),
                "a fresh instance, as after a restart, reads the same");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("alice.ckpt"), files.map(p -> p.getFileName().toString()).toList(),
                    "no .tmp left after a successful write");
        }
    }

    @Test
    void aMissingFileOrDirectoryReadsAsEmpty() throws IOException {
        assertTrue(new FileStorage(dir).read("never-written").isEmpty());
        assertTrue(new FileStorage(dir.resolve("not-yet")).read("state").isEmpty());
    }

    @Test
    void deleteRemovesAndIsHarmlessWhenNothingIsThere() throws IOException {
        FileStorage storage = new FileStorage(dir);
        storage.write("state", bytes("x"));
        storage.delete("state");
        storage.delete("state");
        assertTrue(storage.read("state").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "../escape", "a/b", "a\\b", "state.tmp", "sp ace", "é"})
    void refusesNamesThatCouldEscapeTheDirectoryOrClashWithTemporaryFiles(String name) {
        FileStorage storage = new FileStorage(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> storage.read(name));
        assertTrue(e.getMessage().contains("bad storage name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> storage.write(name, bytes("x")));
        assertThrows(IllegalArgumentException.class, () -> storage.delete(name));
    }
}
