package io.graylane.gateway.proxy;

import io.graylane.core.engine.LaneEngine;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A topology for the HTTP/2 tests, on loopback: service {@code h1} with HTTP/1.1 instances v1 and v2
 * ({@link H1TrailersUpstream}), service {@code h2} with h2c instances v1 and v2 ({@link H2TestUpstream},
 * {@code protocol: h2c}), and service {@code dead} whose only (h2c) instance listens nowhere. Lanes
 * {@code stable} (v1) and {@code canary} (v2, falls back to stable); no coloring rules, so a lane
 * comes from a trusted {@code X-Graylane-Lane} or is {@code stable}. One event loop, so every
 * request shares one upstream pool. Loopback is trusted unless {@link #distrust()} is called.
 */
final class H2Fixture implements AutoCloseable {

    final H1TrailersUpstream h1v1 = new H1TrailersUpstream("h1-v1");
    final H1TrailersUpstream h1v2 = new H1TrailersUpstream("h1-v2");
    final H2TestUpstream h2v1 = new H2TestUpstream("h2-v1");
    final H2TestUpstream h2v2 = new H2TestUpstream("h2-v2");
    final int deadPort = GatewayFixture.freePort();
    final GatewayServer gateway;

    H2Fixture() {
        this(b -> b);
    }

    H2Fixture(UnaryOperator<GatewayServerBuilder> customizer) {
        gateway = customizer.apply(GatewayServer.builder(engine("[127.0.0.1/32]"))
                        .port(0)
                        .eventLoops(1)
                        .responseHeaderTimeout(Duration.ofSeconds(10)))
                .build()
                .start();
    }

    int port() {
        return gateway.port();
    }

    LaneEngine engine(String trustedCidrs) {
        return engine(trustedCidrs, "[]");
    }

    /** The topology with {@code trustedCidrs} and middleware {@code chain} (YAML flow lists). */
    LaneEngine engine(String trustedCidrs, String chain) {
        return LaneEngine.create(GatewayFixture.parse("""
                version: 1
                lanes:
                  stable: {selector: {version: v1}}
                  canary: {selector: {version: v2}, fallback: stable}
                coloring: {defaultLane: stable}
                trust: {trustedCidrs: %s}
                routes:
                  - {name: h1, pathPrefix: /h1, service: h1}
                  - {name: h2, pathPrefix: /h2, service: h2}
                  - {name: dead, pathPrefix: /dead, service: dead}
                discovery:
                  static:
                    h1:
                      - {id: h1-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                      - {id: h1-v2, address: 127.0.0.1, port: %d, tags: [version=v2]}
                    h2:
                      - {id: h2-v1, address: 127.0.0.1, port: %d, tags: [version=v1], protocol: h2c}
                      - {id: h2-v2, address: 127.0.0.1, port: %d, tags: [version=v2], protocol: h2c}
                    dead:
                      - {id: dead-v1, address: 127.0.0.1, port: %d, tags: [version=v1], protocol: h2c}
                chain: %s
                """.formatted(trustedCidrs, h1v1.port(), h1v2.port(), h2v1.port(), h2v2.port(), deadPort, chain)));
    }

    /** The topology with service {@code h2}'s only instance, {@code h2-limited}, on {@code port}. */
    LaneEngine limitedEngine(int port) {
        return LaneEngine.create(GatewayFixture.parse("""
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                routes: [{name: h2, pathPrefix: /h2, service: h2}]
                discovery:
                  static:
                    h2: [{id: h2-limited, address: 127.0.0.1, port: %d, protocol: h2c}]
                """.formatted(port)));
    }

    /** Serves with no trusted senders: every lane header is stripped. */
    void distrust() {
        gateway.updateEngine(engine("[]"));
    }

    /** Serves with loopback trusted again. */
    void trust() {
        gateway.updateEngine(engine("[127.0.0.1/32]"));
    }

    @Override
    public void close() {
        gateway.close();
        h1v1.close();
        h1v2.close();
        h2v1.close();
        h2v2.close();
    }
}
