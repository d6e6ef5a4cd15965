package cohortbank.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.store.FileStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {

    @TempDir
    Path dir;

    @Test
    void aKeyFileIsCreatedOwnerOnlyAndEachLoadIsANewEpochOfTheSameKey() throws Exception {
        FileStorage storage = new FileStorage(dir);
        Identity first = Identity.loadOrCreate(storage, Identity.FILE, new SecureRandom());
        Identity second = Identity.loadOrCreate(storage, Identity.FILE, new SecureRandom());
        assertEquals(first.publicKey(), second.publicKey());
        assertEquals(first.epoch() + 1, second.epoch());
        assertTrue(PublicKeys.FINGERPRINT.matcher(first.fingerprint()).matches(), first.fingerprint());
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(Identity.FILE))));
        }
    }

    @Test
    void aTornOrAlteredKeyFileIsRefusedNeverReplaced() throws Exception {
        FileStorage storage = new FileStorage(dir);
        Identity.loadOrCreate(storage, Identity.FILE, new SecureRandom());
        String text = Files.readString(dir.resolve(Identity.FILE));
        Files.writeString(dir.resolve(Identity.FILE), text.replace("epoch 1", "epoch 7"));
        KeyFileException altered = assertThrows(KeyFileException.class,
                () -> Identity.loadOrCreate(storage, Identity.FILE, new SecureRandom()));
        assertTrue(altered.getMessage().contains("checksum"), altered.getMessage());
        Files.writeString(dir.resolve(Identity.FILE), text.substring(0, text.length() / 2));
        assertThrows(KeyFileException.class, () -> Identity.loadOrCreate(storage, Identity.FILE, new SecureRandom()));
        assertTrue(Files.readString(dir.resolve(Identity.FILE), StandardCharsets.UTF_8).length() < text.length(),
                "the bad file is left for a person to look at");
    }

    @Test
    void bothEndsDeriveTheSameLinkKeyAndEachDirectionItsOwn() {
        Identity a = Identity.seeded(1);
        Identity b = Identity.seeded(2);
        LinkKeys fromA = new LinkKeys(a);
        LinkKeys fromB = new LinkKeys(b);
        String ab = a.publicKey() + ">" + b.publicKey();
        String ba = b.publicKey() + ">" + a.publicKey();
        assertEquals(fromA.derive(b.publicKey(), ab), fromB.derive(a.publicKey(), ab));
        assertEquals(fromA.derive(b.publicKey(), ba), fromB.derive(a.publicKey(), ba));
        assertNotEquals(fromA.derive(b.publicKey(), ab), fromA.derive(b.publicKey(), ba));
        byte[] text = "transfer alice 1 0 5.00".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertArrayEquals(fromA.towards(b.publicKey()).doFinal(text),
                fromB.from(a.publicKey()).doFinal(text));
    }

    @Test
    void aMalformedPublicKeyIsRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicKeys.decode("short"));
        assertTrue(e.getMessage().contains("43 base64url"), e.getMessage());
    }
}
