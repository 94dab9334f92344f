package io.graylane.gateway.proxy;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.LaneEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A small topology for end-to-end tests, all on loopback: service {@code web} with a stable (v1) and a
 * canary (v2) instance and an unhealthy beta (v3) one; service {@code api} with only a stable
 * instance (its route strips the {@code /api} prefix); service {@code dead} whose only instance
 * listens nowhere. Lanes: {@code stable}, {@code canary} → stable, {@code beta} → stable, and the
 * strict {@code vip} that nothing serves. A gateway with the debug header on serves it; tests swap
 * in engines with their own coloring rules.
 */
final class GatewayFixture implements AutoCloseable {

    static final String SECRET = "graylane-test-secret-0001";

    final TestUpstream webV1 = new TestUpstream("web-v1");
    final TestUpstream webV2 = new TestUpstream("web-v2");
    final TestUpstream apiV1 = new TestUpstream("api-v1");
    final int deadPort = freePort();
    final GatewayServer gateway;

    GatewayFixture() {
        this(b -> b);
    }

    GatewayFixture(UnaryOperator<GatewayServerBuilder> customizer) {
        GatewayServerBuilder builder = GatewayServer.builder(engine("[]"))
                .port(0)
                .eventLoops(2)
                .debugHeader(true)
                .responseHeaderTimeout(Duration.ofSeconds(10));
        gateway = customizer.apply(builder).build().start();
    }

    int port() {
        return gateway.port();
    }

    /** The fixture's configuration with {@code rules} (a YAML flow list) as its coloring rules. */
    String yaml(String rules) {
        return yaml(rules, "[]");
    }

    /** The fixture's configuration with coloring {@code rules} and {@code trustedCidrs} (YAML flow lists). */
    String yaml(String rules, String trustedCidrs) {
        return yaml(rules, trustedCidrs, "[]");
    }

    /** The fixture's configuration with coloring {@code rules}, {@code trustedCidrs} and {@code chain} (YAML flow lists). */
    String yaml(String rules, String trustedCidrs, String chain) {
        return """
                version: 1
                lanes:
                  stable: {selector: {version: v1}}
                  canary: {selector: {version: v2}, fallback: stable}
                  beta: {selector: {version: v3}, fallback: stable}
                  vip: {selector: {version: v4}, strict: true}
                coloring:
                  defaultLane: stable
                  rules: %s
                trust:
                  trustedCidrs: %s
                  keys: [{id: k1, secret: %s}]
                routes:
                  - {name: web, pathPrefix: /web, service: web}
                  - {name: api, pathPrefix: /api, service: api, stripPrefix: true}
                  - {name: dead, pathPrefix: /dead, service: dead}
                discovery:
                  static:
                    web:
                      - {id: web-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                      - {id: web-v2, address: 127.0.0.1, port: %d, tags: [version=v2]}
                      - {id: web-v3, address: 127.0.0.1, port: %d, tags: [version=v3], health: critical}
                    api:
                      - {id: api-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                    dead:
                      - {id: dead-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                chain: %s
                """.formatted(rules, trustedCidrs, SECRET, webV1.port(), webV2.port(), deadPort, apiV1.port(),
                deadPort, chain);
    }

    static GraylaneConfig parse(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).parse(yaml, Format.YAML, "test.yaml");
    }

    /** An engine over the fixture with coloring {@code rules}. */
    LaneEngine engine(String rules) {
        return LaneEngine.create(parse(yaml(rules)));
    }

    /** An engine over the fixture with coloring {@code rules} and middleware {@code chain}. */
    LaneEngine engine(String rules, String chain) {
        return LaneEngine.create(parse(yaml(rules, "[]", chain)));
    }

    /** Serves with coloring {@code rules} and middleware {@code chain} from now on. */
    void useChain(String rules, String chain) {
        gateway.updateEngine(engine(rules, chain));
    }

    /** Serves with coloring {@code rules} from now on. */
    void use(String rules) {
        gateway.updateEngine(engine(rules));
    }

    /** Serves with coloring {@code rules} and {@code trustedCidrs} from now on. */
    void use(String rules, String trustedCidrs) {
        gateway.updateEngine(LaneEngine.create(parse(yaml(rules, trustedCidrs))));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
        webV1.close();
        webV2.close();
        apiV1.close();
    }
}
