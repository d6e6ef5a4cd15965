package cohortbank.customer.wire;

/** The outcome of a checkpoint or rollback instance. */
public enum Decision {
    COMMIT, ABORT;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
