package cohortbank.common.testing;

import cohortbank.common.net.Endpoint;
import cohortbank.common.security.KeyDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link KeyDirectory} for tests: the keys of a few fixed endpoints, and only those accepted. */
public final class FixedKeys implements KeyDirectory {

    private final Map<Endpoint, String> keys = new LinkedHashMap<>();

    public FixedKeys with(Endpoint endpoint, String key) {
        keys.put(endpoint, key);
        return this;
    }

    @Override
    public Optional<String> keyAt(Endpoint endpoint) {
        return Optional.ofNullable(keys.get(endpoint));
    }

    @Override
    public boolean accepts(String publicKey) {
        return keys.containsValue(publicKey);
    }

    /** {@code text} with every {@code #KEY} suffix of a member token removed. */
    public static String withoutMemberKeys(String text) {
        return text.replaceAll("#[A-Za-z0-9_-]{43}", "");
    }
}
