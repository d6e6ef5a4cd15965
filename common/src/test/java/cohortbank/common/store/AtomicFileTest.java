package cohortbank.common.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    private List<String> filesInDir(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesThenReplacesTheWholeContentLeavingNoTemporaryFile() throws IOException {
        Path target = dir.resolve("state.bin");

        AtomicFile.write(target, "a much longer first version".getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(target, "short".getBytes(StandardCharsets.UTF_8));

        assertEquals("short", Files.readString(target));
        assertEquals(List.of("state.bin"), filesInDir(dir));
    }

    @Test
    void createsMissingDirectoriesAndWritesEmptyContent() throws IOException {
        Path target = dir.resolve("a/b/empty");
        AtomicFile.write(target, new byte[0]);
        assertArrayEquals(new byte[0], Files.readAllBytes(target));
        assertEquals(List.of("empty"), filesInDir(target.getParent()));
    }

    @Test
    void aStrayTemporaryFileFromACrashIsReplacedByTheNextWrite() throws IOException {
        Path target = dir.resolve("state");
        Files.writeString(dir.resolve("state.tmp"), "torn half-write");

        AtomicFile.write(target, "whole".getBytes(StandardCharsets.UTF_8));

        assertEquals("whole", Files.readString(target));
        assertFalse(Files.exists(dir.resolve("state.tmp")));
    }

    @Test
    void worksWithARelativePath() throws IOException {
        Path target = dir.resolve("rel");
        Path relative = Path.of("").toAbsolutePath().relativize(target.toAbsolutePath());
        AtomicFile.write(relative, "x".getBytes(StandardCharsets.UTF_8));
        assertEquals("x", Files.readString(target));
    }
}
