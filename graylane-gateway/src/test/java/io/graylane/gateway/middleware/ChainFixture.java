package io.graylane.gateway.middleware;

import io.graylane.core.engine.LaneEngine;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.RawHttp;
import io.graylane.gateway.proxy.TestConfigs;
import io.graylane.gateway.proxy.TestUpstream;

import java.time.Duration;

/**
 * A gateway on loopback for middleware tests, serving whatever chain a test puts in: service
 * {@code web} with a stable (v1) and a canary (v2) instance, service {@code pair} with two stable
 * instances {@code pair-a} and {@code pair-b} (one subset, so a retry or a circuit breaker can move
 * between them), and service {@code half} whose instances are one that listens nowhere and
 * {@code pair-b}'s upstream. The rule {@code beta} sends {@code X-User-Group: beta} to the canary lane.
 */
final class ChainFixture implements AutoCloseable {

    final TestUpstream webV1 = new TestUpstream("web-v1");
    final TestUpstream webV2 = new TestUpstream("web-v2");
    final TestUpstream pairA = new TestUpstream("pair-a");
    final TestUpstream pairB = new TestUpstream("pair-b");
    final int deadPort = TestConfigs.freePort();
    final BuiltinMiddleware builtins = new BuiltinMiddleware();
    final GatewayServer gateway;

    ChainFixture() {
        gateway = GatewayServer.builder(engine("[]"))
                .port(0)
                .eventLoops(1)
                .middlewareRegistry(builtins.registry())
                .responseHeaderTimeout(Duration.ofSeconds(10))
                .build()
                .start();
    }

    /** Serves with middleware {@code chain} (a YAML flow list) from now on; a new chain each time it changes. */
    void use(String chain) {
        gateway.updateEngine(engine(chain));
    }

    LaneEngine engine(String chain) {
        return TestConfigs.engine(TestConfigs.CANARY_LANES + """
                routes:
                  - {name: web, pathPrefix: /web, service: web}
                  - {name: pair, pathPrefix: /pair, service: pair}
                  - {name: half, pathPrefix: /half, service: half}
                discovery:
                  static:
                    web:
                      - {id: web-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                      - {id: web-v2, address: 127.0.0.1, port: %d, tags: [version=v2]}
                    pair:
                      - {id: pair-a, address: 127.0.0.1, port: %d, tags: [version=v1]}
                      - {id: pair-b, address: 127.0.0.1, port: %d, tags: [version=v1]}
                    half:
                      - {id: half-dead, address: 127.0.0.1, port: %d, tags: [version=v1]}
                      - {id: half-alive, address: 127.0.0.1, port: %d, tags: [version=v1]}
                chain: %s
                """.formatted(webV1.port(), webV2.port(), pairA.port(), pairB.port(), deadPort, pairB.port(), chain));
    }

    RawHttp.Response get(String path, String... headers) {
        return RawHttp.exchange(gateway.port(), RawHttp.get(path, headers));
    }

    RawHttp.Response send(String request) {
        return RawHttp.exchange(gateway.port(), request);
    }

    @Override
    public void close() {
        gateway.close();
        webV1.close();
        webV2.close();
        pairA.close();
        pairB.close();
    }
}
