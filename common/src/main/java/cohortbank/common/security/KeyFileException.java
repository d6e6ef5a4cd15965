package cohortbank.common.security;

/** A key or pin file that exists but cannot be trusted: torn, altered or not a key file. */
public final class KeyFileException extends Exception {
    public KeyFileException(String reason) {
        super(reason);
    }
}
