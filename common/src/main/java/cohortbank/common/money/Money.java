package cohortbank.common.money;

/**
 * An exact amount of money with two decimal places, held as a whole number of cents.
 *
 * <p>Never a {@code double}: {@code 0.10 + 0.20} must be {@code 0.30}. Arithmetic that would
 * overflow a {@code long} throws {@link ArithmeticException} instead of wrapping.
 * Text form is {@code [-]D+.DD}, for example {@code 90.00}.
 */
public record Money(long cents) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    /**
     * The one maximum: no amount and no balance anywhere exceeds it (10,000,000,000.00), so every
     * balance that can exist parses back, and a sum of a million balances (the bank's total) still
     * fits a {@code long} ten times over. Commands that would take a balance past it are refused.
     */
    public static final long MAX_CENTS = 1_000_000_000_000L;

    /** {@link #MAX_CENTS} as an amount. */
    public static final Money MAX = new Money(MAX_CENTS);

    public static Money ofCents(long cents) {
        return new Money(cents);
    }

    /**
     * Parses {@code 90}, {@code 90.5} or {@code 90.50}; rejects signs other than a leading
     * minus, more than two decimals, exponents, spaces, and amounts beyond {@link #MAX_CENTS}.
     */
    public static Money parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty amount");
        }
        boolean negative = text.startsWith("-");
        String digits = negative ? text.substring(1) : text;
        int dot = digits.indexOf('.');
        String whole = dot < 0 ? digits : digits.substring(0, dot);
        String fraction = dot < 0 ? "" : digits.substring(dot + 1);
        if (whole.isEmpty() || !isDigits(whole) || !isDigits(fraction)
                || (dot >= 0 && fraction.isEmpty())) {
            throw new IllegalArgumentException("'" + text + "' is not an amount like 90 or 90.50");
        }
        if (fraction.length() > 2) {
            throw new IllegalArgumentException("'" + text + "' has more than two decimals");
        }
        if (whole.length() > 11) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        long cents = Long.parseLong(whole) * 100 + Long.parseLong((fraction + "00").substring(0, 2));
        if (cents > MAX_CENTS) {
            throw new IllegalArgumentException("'" + text + "' is too large (at most "
                    + new Money(MAX_CENTS) + ")");
        }
        return new Money(negative ? -cents : cents);
    }

    /** Parses an amount that must be greater than zero. */
    public static Money parsePositive(String text) {
        Money money = parse(text);
        if (money.cents <= 0) {
            throw new IllegalArgumentException("'" + text + "' must be greater than 0");
        }
        return money;
    }

    /** Parses an amount that must not be negative. */
    public static Money parseNonNegative(String text) {
        Money money = parse(text);
        if (money.cents < 0) {
            throw new IllegalArgumentException("'" + text + "' must not be negative");
        }
        return money;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(cents, other.cents));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(cents, other.cents));
    }

    /** Whether adding {@code other} to this amount would take it past {@link #MAX}. */
    public boolean exceedsMaxWith(Money other) {
        return cents > MAX_CENTS - other.cents;
    }

    public boolean isNegative() {
        return cents < 0;
    }

    public boolean isPositive() {
        return cents > 0;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(cents, other.cents);
    }

    /** {@code 90.00}, {@code -0.05}. */
    @Override
    public String toString() {
        // Split before taking absolute values: Math.abs(Long.MIN_VALUE) is still negative.
        long whole = Math.abs(cents / 100);
        long fraction = Math.abs(cents % 100);
        String sign = cents < 0 ? "-" : "";
        return sign + whole + "." + (fraction < 10 ? "0" : "") + fraction;
    }
}
