package cohortbank.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.net.Transport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeTest {

    private static String rejection(String text) {
        return assertThrows(MalformedMessageException.class, () -> Envelope.parse(text)).getMessage();
    }

    @Test
    void headersComeBeforeTheBodyAndSurviveARoundTrip() throws MalformedMessageException {
        Envelope envelope = Envelope.parse("@re=k3-1 @id=k3f9-12 open alice 90 127.0.0.1 8500 8501");

        assertEquals(Map.of("id", "k3f9-12", "re", "k3-1"), envelope.headers());
        assertEquals("open", envelope.verb());
        assertEquals(List.of("alice", "90", "127.0.0.1", "8500", "8501"), envelope.args());
        assertEquals("@id=k3f9-12 @re=k3-1 open alice 90 127.0.0.1 8500 8501", envelope.encode());
        assertEquals(envelope, Envelope.parse(envelope.encode()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exit alice", "exit alice\n", "exit alice\r\n", "  exit   alice  \n", "exit\talice"})
    void aBareLineTypedIntoNetcatIsABodyWithoutHeaders(String typed) throws MalformedMessageException {
        Envelope envelope = Envelope.parse(typed);
        assertEquals(Map.of(), envelope.headers());
        assertEquals(List.of("exit", "alice"), envelope.body());
    }

    @Test
    void anAtSignAfterTheVerbIsJustAnArgument() throws MalformedMessageException {
        Envelope envelope = Envelope.parse("say @id=1");
        assertEquals(Map.of(), envelope.headers());
        assertEquals(List.of("@id=1"), envelope.args());
    }

    @Test
    void refusesMessagesOverTheDatagramLimitCountingUtf8Bytes() throws MalformedMessageException {
        Envelope.parse("x".repeat(Transport.MAX_DATAGRAM_BYTES));
        assertTrue(rejection("x".repeat(Transport.MAX_DATAGRAM_BYTES + 1)).contains("too long"));
        assertTrue(rejection("é".repeat(Transport.MAX_DATAGRAM_BYTES / 2 + 1)).contains("too long"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exit\u0000alice", "exit alice\u001b[2J", "exit\nalice", "exit\ralice", "a\u007f", "a\u0085"})
    void refusesControlCharactersInsideTheLine(String text) {
        assertTrue(rejection(text).contains("control character"), text);
    }

    @Test
    void refusesTextThatWasNotValidUtf8() {
        assertTrue(rejection("exit \uFFFD").contains("not valid UTF-8"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"@ x", "@=1 x", "@id x", "@id= x", "@ID=1 x", "@id=a!b x", "@id=é x",
        "@toolongheadername=1 x"})
    void refusesBadHeaders(String text) {
        assertTrue(rejection(text).startsWith("bad header"), text);
    }

    @Test
    void refusesAHeaderLongerThanItsLimit() throws MalformedMessageException {
        Envelope.parse("@id=" + "a".repeat(128) + " x");
        assertTrue(rejection("@id=" + "a".repeat(129) + " x").startsWith("bad header"));
    }

    @Test
    void refusesARepeatedHeaderRatherThanPickingOne() {
        assertEquals("repeated header '@id'", rejection("@id=1 @id=2 exit alice"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n", "\r\n", "\t", "@id=1", "@id=1 \n"})
    void refusesMessagesWithoutABody(String text) {
        assertEquals("empty message", rejection(text));
    }

    @Test
    void anEnvelopeMustHaveABodyAndIsImmutable() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.of(List.of()));
        Envelope envelope = Envelope.of(List.of("ping"));
        Envelope tagged = envelope.withHeader(Envelope.REQUEST_ID, "t-1");
        assertEquals(Map.of(), envelope.headers());
        assertEquals("t-1", tagged.header(Envelope.REQUEST_ID));
        assertThrows(UnsupportedOperationException.class, () -> tagged.body().add("x"));
    }
}
