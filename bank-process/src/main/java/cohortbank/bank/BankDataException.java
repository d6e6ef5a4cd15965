package cohortbank.bank;

/**
 * The bank's data file cannot be used as it is. The message names the file, the line and the
 * problem, so that a person can fix the file; the bank refuses to start rather than drop rows.
 */
public final class BankDataException extends Exception {

    public BankDataException(String message) {
        super(message);
    }

    public BankDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
