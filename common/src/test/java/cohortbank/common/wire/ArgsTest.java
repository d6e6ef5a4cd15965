package cohortbank.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ArgsTest {

    private static final String OPEN = "open <name> <balance> <ipv4> <port1> <port2>";

    private static Args one(String token) {
        return Args.any("cmd", List.of(token), "cmd <x>");
    }

    /** Asserts that reading fails with a message naming the argument and the usage. */
    private static void rejects(Executable read, String argument) {
        String message = assertThrows(MalformedMessageException.class, read).getMessage();
        assertTrue(message.startsWith("cmd: "), message);
        assertTrue(message.contains(argument), message);
        assertTrue(message.endsWith("(usage: cmd <x>)"), message);
    }

    @Test
    void readsAWellFormedOpenInOrder() throws MalformedMessageException {
        Args args = Args.exactly("open", List.of("alice", "90", "127.0.0.1", "8500", "8501"), OPEN);
        assertEquals("alice", args.name("name"));
        assertEquals(Money.parse("90"), args.balance("balance"));
        assertEquals("127.0.0.1", args.ipv4("ipv4"));
        assertEquals(8500, args.port("port1"));
        assertEquals(8501, args.port("port2"));
        assertEquals(0, args.remaining());
        args.end();
    }

    @Test
    void aWrongArgumentCountNamesTheUsage() {
        String tooFew = assertThrows(MalformedMessageException.class,
                () -> Args.exactly("open", List.of("alice"), OPEN)).getMessage();
        assertEquals("open: expected 5 arguments, got 1 (usage: " + OPEN + ")", tooFew);
        String tooMany = assertThrows(MalformedMessageException.class,
                () -> Args.exactly("exit", List.of("a", "b"), "exit <name>")).getMessage();
        assertEquals("exit: expected 1 argument, got 2 (usage: exit <name>)", tooMany);
    }

    @Test
    void eachTypedReaderRejectsBadInputNamingTheArgument() {
        rejects(() -> one("9lives").name("customer"), "bad customer '9lives'");
        rejects(() -> one("a".repeat(33)).name("customer"), "bad customer");
        rejects(() -> one("0").amount("amount"), "bad amount");
        rejects(() -> one("1.234").amount("amount"), "bad amount");
        rejects(() -> one("-1").balance("balance"), "bad balance");
        rejects(() -> one("localhost").ipv4("address"), "bad address 'localhost'");
        rejects(() -> one("80").port("port1"), "bad port1");
        rejects(() -> one("1.2.3.4").endpoint("peer"), "bad peer");
        rejects(() -> one("x").number("count", 2, 16), "bad count 'x'");
        rejects(() -> one("1").number("count", 2, 16), "count 1 out of range 2-16");
        rejects(() -> one("maybe").oneOf("vote", "yes", "no"), "bad vote 'maybe': expected one of yes, no");
    }

    /** Wire numbers are ASCII digits only: Long.parseLong alone takes a sign and digits of any script. */
    @Test
    void numbersAreAsciiDigitsOnly() {
        for (String token : List.of("+5", "-0", "\u0661\u0662", "\uFF11\uFF12", " 5", "5 ", "", "0x5", "1_000")) {
            rejects(() -> one(token).number("label", 0, Long.MAX_VALUE), "bad label '" + token + "'");
        }
        rejects(() -> one("99999999999999999999").number("label", 0, Long.MAX_VALUE), "bad label");
    }

    @Test
    void readingPastTheEndOrLeavingExtrasIsReported() throws MalformedMessageException {
        rejects(() -> Args.any("cmd", List.of(), "cmd <x>").token("x"), "missing x");
        Args args = one("extra");
        rejects(args::end, "unexpected extra argument 'extra'");
        assertTrue(args.hasNext());
    }

    @Test
    void goodValuesOfEachTypeAreReturnedParsed() throws MalformedMessageException {
        assertEquals(Money.ofCents(1), one("0.01").amount("a"));
        assertEquals(new Endpoint("10.0.0.1", 9000), one("10.0.0.1:9000").endpoint("e"));
        assertEquals(16, one("16").number("n", 2, 16));
        assertEquals("no", one("no").oneOf("v", "yes", "no"));
        assertEquals("B_2-x", one("B_2-x").name("n"));
    }
}
