package io.graylane.config;

import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.model.Route;
import io.graylane.core.net.Cidr;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mode: sidecar}: what the section turns into (routes after the configured ones, trusted loopback). */
class SidecarConfigTest {

    private static final ConfigLoader LOADER = new ConfigLoader(Map.<String, String>of()::get);
    private static final String BASE = """
            lanes: {stable: {}, canary: {selector: {version: v2}, fallback: stable}}
            coloring: {defaultLane: stable}
            routes:
              - {name: api, pathPrefix: /api, service: orders}
            discovery:
              static:
                payments: [{id: p1, address: 127.0.0.1, port: 9000}]
            """;

    private static GraylaneConfig parse(String yaml) {
        return LOADER.parse(yaml, Format.YAML, "s.yaml");
    }

    @Test
    void inEdgeModeTheConfigIsAsWritten() {
        GraylaneConfig c = parse(BASE);

        assertThat(c.routes()).containsExactly(new Route("api", null, "/api", "orders", false));
        assertThat(c.trust().trustedCidrs()).isEmpty();
    }

    @Test
    void sidecarModeRoutesEveryKnownServiceByHostThenPathAfterTheConfiguredRoutesAndTrustsLoopback() {
        GraylaneConfig c = parse(BASE + """
                mode: sidecar
                sidecar: {hostSuffixes: [.service.consul], services: [search]}
                """);

        assertThat(c.routes()).containsExactly(
                new Route("api", null, "/api", "orders", false),
                new Route("host:orders", "orders", null, "orders", false),
                new Route("host:orders", "orders.service.consul", null, "orders", false),
                new Route("host:payments", "payments", null, "payments", false),
                new Route("host:payments", "payments.service.consul", null, "payments", false),
                new Route("host:search", "search", null, "search", false),
                new Route("host:search", "search.service.consul", null, "search", false),
                new Route("path:orders", null, "/orders", "orders", true),
                new Route("path:payments", null, "/payments", "payments", true),
                new Route("path:search", null, "/search", "search", true));
        assertThat(c.trust().trustedCidrs()).containsExactly(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
    }

    @Test
    void pathFirstWithoutStrippingAndWithoutTrustedLoopbackIsConfigurable() {
        GraylaneConfig c = parse(BASE + """
                mode: sidecar
                sidecar: {routeBy: [path], stripServicePrefix: false, trustLoopback: false}
                trust: {trustedCidrs: [10.0.0.0/8]}
                """);

        assertThat(c.routes()).containsExactly(
                new Route("api", null, "/api", "orders", false),
                new Route("path:orders", null, "/orders", "orders", false),
                new Route("path:payments", null, "/payments", "payments", false));
        assertThat(c.trust().trustedCidrs()).containsExactly(Cidr.parse("10.0.0.0/8"));
    }

    @Test
    void loopbackAlreadyTrustedIsNotListedTwice() {
        GraylaneConfig c = parse(BASE + """
                mode: sidecar
                trust: {trustedCidrs: ["::1/128", 10.0.0.0/8]}
                """);

        assertThat(c.trust().trustedCidrs()).containsExactly(Cidr.parse("::1/128"), Cidr.parse("10.0.0.0/8"),
                Cidr.parse("127.0.0.0/8"));
    }
}
