package cohortbank.common.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @ParameterizedTest
    @CsvSource({"90, 90.00", "90.5, 90.50", "90.05, 90.05", "0, 0.00", "0.01, 0.01", "-3.5, -3.50",
        "007, 7.00", "10000000000, 10000000000.00", "9999999999.99, 9999999999.99"})
    void parsesPlainDecimalsAndPrintsExactlyTwoPlaces(String text, String printed) {
        assertEquals(printed, Money.parse(text).toString());
    }

    @Test
    void addsTenthsExactlyWhereADoubleWouldNot() {
        assertEquals("0.30", Money.parse("0.1").plus(Money.parse("0.2")).toString());
        assertEquals(Money.parse("0.3"), Money.parse("0.1").plus(Money.parse("0.2")));
        assertEquals("-0.05", Money.parse("0.10").minus(Money.parse("0.15")).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.234", "abc", "1e5", "", "--1", ".5", "5.", "+5", " 5", "5 ", "1,5",
        "0x10", "1.2.3", "-", "٥", "10000000000.01", "999999999999.99", "100000000000", "99999999999999999999", "１２", "١٢"})
    void rejectsAnythingThatIsNotAPlainAmountWithAtMostTwoDecimals(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Money.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'") || text.isEmpty(), e.getMessage());
    }

    @Test
    void rejectsNullAndNamesTheProblemOfAnEmptyAmount() {
        assertEquals("empty amount", assertThrows(IllegalArgumentException.class, () -> Money.parse(null)).getMessage());
        assertEquals("empty amount", assertThrows(IllegalArgumentException.class, () -> Money.parse("")).getMessage());
    }

    @Test
    void positiveAndNonNegativeParsersRefuseWhatTheyMust() {
        assertThrows(IllegalArgumentException.class, () -> Money.parsePositive("0"));
        assertThrows(IllegalArgumentException.class, () -> Money.parsePositive("-1"));
        assertEquals(Money.ofCents(1), Money.parsePositive("0.01"));
        assertEquals(Money.ZERO, Money.parseNonNegative("0.00"));
        assertEquals(Money.ZERO, Money.parseNonNegative("-0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Money.parseNonNegative("-0.01"));
        assertTrue(e.getMessage().contains("must not be negative"), e.getMessage());
    }

    @Test
    void theMaximumIsOneFigureThatAMillionBalancesCanBeSummedUnder() {
        assertEquals("10000000000.00", Money.MAX.toString());
        assertEquals(Money.MAX, Money.parseNonNegative(Money.MAX.toString()));
        assertTrue(Long.MAX_VALUE / Money.MAX_CENTS >= 1_000_000, "a million maximal balances must sum in a long");
        assertTrue(Money.MAX.minus(Money.ofCents(1)).exceedsMaxWith(Money.ofCents(2)));
        assertTrue(!Money.MAX.minus(Money.ofCents(1)).exceedsMaxWith(Money.ofCents(1)));
        assertTrue(!Money.ZERO.exceedsMaxWith(Money.MAX));
    }

    @Test
    void arithmeticThatWouldOverflowThrowsInsteadOfWrapping() {
        Money max = Money.ofCents(Long.MAX_VALUE);
        Money min = Money.ofCents(Long.MIN_VALUE);
        assertThrows(ArithmeticException.class, () -> max.plus(Money.ofCents(1)));
        assertThrows(ArithmeticException.class, () -> min.minus(Money.ofCents(1)));
    }

    @Test
    void printsTheExtremesCorrectly() {
        assertEquals("92233720368547758.07", Money.ofCents(Long.MAX_VALUE).toString());
        assertEquals("-92233720368547758.08", Money.ofCents(Long.MIN_VALUE).toString());
    }

    @Test
    void ordersByAmountAndKnowsItsSign() {
        assertTrue(Money.parse("1.00").compareTo(Money.parse("0.99")) > 0);
        assertTrue(Money.parse("-0.01").isNegative());
        assertTrue(Money.parse("0.01").isPositive());
        assertTrue(!Money.ZERO.isPositive() && !Money.ZERO.isNegative());
    }
}
