package cohortbank.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.store.FileStorage;
import cohortbank.common.store.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A careless {@code --state-dir} (a path through a regular file, a directory the process cannot
 * read or write) is bad input: {@code open} answers a FAILURE that says so, nothing is opened at
 * the bank, and the process carries on. It is neither told it already holds an account nor
 * stopped as if a durable write of an existing account had failed (DESIGN §8).
 */
@Timeout(60)
@Tag("slow")
class UnusableStateDirectoryTest {

    @Test
    void aStateDirectoryThatCannotBeReadIsNamedNotMistakenForAnAccount(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer zed = cluster.customer("zed", new FileStorage(file.resolve("zed")));

            String result = zed.result("open zed 10");

            assertTrue(result.startsWith("FAILURE open: cannot read this process's state directory"), result);
            assertFalse(result.contains("second open"), result);
            assertTrue(result.endsWith("nothing was opened"), result);
            assertEquals("FAILURE balance: no account yet; first: open <name> <balance>", zed.result("balance"));
            assertFalse(cluster.dataCsvText().contains("zed"), "the bank has no zed");
        }
    }

    @Test
    void aStateDirectoryThatCannotBeWrittenFailsTheOpenAndTheProcessCarriesOn(@TempDir Path dir) throws Exception {
        Storage readOnly = new Storage() {
            @Override
            public Optional<byte[]> read(String name) {
                return Optional.empty();
            }

            @Override
            public void write(String name, byte[] content) throws IOException {
                throw new IOException("Read-only file system");
            }

            @Override
            public void append(String name, byte[] content) throws IOException {
                throw new IOException("Read-only file system");
            }

            @Override
            public void delete(String name) {
            }
        };
        try (Cluster cluster = new Cluster(dir)) {
            Cluster.Customer zed = cluster.customer("zed", readOnly);

            String result = zed.result("open zed 10");

            assertTrue(result.startsWith("FAILURE open: cannot write the key file"), result);
            assertTrue(result.contains("Read-only file system") && result.endsWith("nothing was opened"), result);
            assertEquals("FAILURE balance: no account yet; first: open <name> <balance>", zed.result("balance"));
            assertFalse(cluster.dataCsvText().contains("zed"), "the bank has no zed");
        }
    }
}
