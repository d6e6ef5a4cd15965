package cohortbank.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    @Test
    void parsesAndPrintsHostColonPort() {
        Endpoint endpoint = Endpoint.parse("127.0.0.1:8500");
        assertEquals(new Endpoint("127.0.0.1", 8500), endpoint);
        assertEquals("127.0.0.1:8500", endpoint.toString());
        assertEquals(endpoint, Endpoint.parse(endpoint.toString()));
    }

    @Test
    void acceptsTheWholePortRangeAndNothingOutsideIt() {
        assertEquals(1024, Endpoint.parsePort("1024"));
        assertEquals(65535, Endpoint.parsePort("65535"));
        for (String bad : new String[] {"1023", "65536", "0", "", "-1", "+8500", "85OO", "123456", "٨٥٠٠"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parsePort(bad));
            assertTrue(e.getMessage().contains("port"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.0.0.254"})
    void recognisesDottedQuads(String host) {
        assertTrue(Endpoint.isIpv4(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..3.4", "",
        " 1.2.3.4", "1.2.3.4 ", "::1", "١٢٧.0.0.1", "1.2.3.-4"})
    void refusesAnythingThatIsNotADottedQuadSoNoNameIsEverLookedUp(String host) {
        assertFalse(Endpoint.isIpv4(host));
        assertThrows(IllegalArgumentException.class, () -> new Endpoint(host, 8500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:", ":8500", "127.0.0.1:80", "host:8500", "127.0.0.1:8500:1"})
    void parseNamesTheProblem(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(text));
        assertTrue(e.getMessage().contains("port") || e.getMessage().contains("address"), e.getMessage());
    }

    @Test
    void convertsToAndFromSocketAddressesWithoutLookup() {
        Endpoint endpoint = new Endpoint("127.0.0.1", 8600);
        InetSocketAddress address = endpoint.toSocketAddress();
        assertFalse(address.isUnresolved());
        assertEquals(endpoint, Endpoint.of(address));
    }
}
