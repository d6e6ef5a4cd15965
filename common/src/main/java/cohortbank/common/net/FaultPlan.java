package cohortbank.common.net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which faults a process injects into the datagrams it sends: one {@link LinkFaults} per
 * destination ("link"), and a default for every destination without its own entry.
 *
 * <p>Immutable: changing a plan makes a new one, so a {@link FaultyTransport} can read the
 * current plan from any thread without locks.
 */
public record FaultPlan(LinkFaults defaults, Map<Endpoint, LinkFaults> links) {

    /** No faults anywhere. */
    public static final FaultPlan NONE = new FaultPlan(LinkFaults.NONE, Map.of());

    public FaultPlan {
        Objects.requireNonNull(defaults, "defaults");
        // Sorted by address so that listings and descriptions come out the same every time.
        TreeMap<String, Map.Entry<Endpoint, LinkFaults>> sorted = new TreeMap<>();
        links.forEach((to, faults) -> sorted.put(sortKey(to),
                Map.entry(Objects.requireNonNull(to), Objects.requireNonNull(faults))));
        Map<Endpoint, LinkFaults> copy = new LinkedHashMap<>();
        sorted.values().forEach(e -> copy.put(e.getKey(), e.getValue()));
        links = Collections.unmodifiableMap(copy);
    }

    /** The faults applied to datagrams sent to {@code to}. */
    public LinkFaults forLink(Endpoint to) {
        return links.getOrDefault(to, defaults);
    }

    /** This plan with its default replaced. */
    public FaultPlan withDefault(LinkFaults faults) {
        return new FaultPlan(faults, links);
    }

    /** This plan with the link to {@code to} replaced (it then ignores the default). */
    public FaultPlan withLink(Endpoint to, LinkFaults faults) {
        Map<Endpoint, LinkFaults> copy = new LinkedHashMap<>(links);
        copy.put(to, faults);
        return new FaultPlan(defaults, copy);
    }

    /** True when nothing at all is injected. */
    public boolean none() {
        return defaults.none() && links.values().stream().allMatch(LinkFaults::none);
    }

    /** One line: {@code default drop 0.3 ...; to 127.0.0.1:8502 none}. */
    public String describe() {
        StringBuilder out = new StringBuilder("default ").append(defaults.describe());
        links.forEach((to, faults) -> out.append("; to ").append(to).append(' ').append(faults.describe()));
        return out.toString();
    }

    private static String sortKey(Endpoint e) {
        String[] octets = e.host().split("\\.");
        StringBuilder key = new StringBuilder();
        for (String octet : octets) {
            key.append(String.format("%03d", Integer.parseInt(octet)));
        }
        return key.append(String.format(":%05d", e.port())).toString();
    }
}
