package io.graylane.gateway.tracing;

import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.engine.LaneEngine;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.RawHttp;
import io.graylane.gateway.proxy.TestConfigs;
import io.graylane.gateway.proxy.TestUpstream;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;

/**
 * A gateway on loopback whose {@code tracing} entries also hand every span to an in-memory exporter:
 * service {@code web} with a stable (v1) and a canary (v2) echoing instance, service {@code pair} with
 * only a stable one (a canary request falls back), service {@code dead} that listens nowhere. The
 * rule {@code beta} sends {@code X-User-Group: beta} to the canary lane. The other built-in types are
 * registered as usual, and {@code test.fail} fails every request.
 */
final class TracingFixture implements AutoCloseable {

    final TestUpstream webV1 = new TestUpstream("web-v1");
    final TestUpstream webV2 = new TestUpstream("web-v2");
    final TestUpstream pairV1 = new TestUpstream("pair-v1");
    final int deadPort = TestConfigs.freePort();
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final GatewayServer gateway;

    TracingFixture() {
        gateway = GatewayServer.builder(engine("[]"))
                .port(0)
                .eventLoops(1)
                .middlewareRegistry(registryWith(new TracingFactory(spans)))
                .responseHeaderTimeout(Duration.ofSeconds(10))
                .build()
                .start();
    }

    /** The built-in types with {@code tracing} replaced by the given factory, and {@code test.fail}. */
    static MiddlewareRegistry registryWith(MiddlewareFactory tracing) {
        List<MiddlewareFactory> factories = new ArrayList<>();
        for (MiddlewareFactory f : new BuiltinMiddleware().factories()) {
            if (!f.type().equals("tracing")) {
                factories.add(f);
            }
        }
        factories.add(tracing);
        // A plugin whose stage fails, for spans of failed chains.
        factories.add(MiddlewareFactory.of("test.fail",
                ctx -> next -> exchange -> CompletableFuture.failedFuture(new IllegalStateException("boom"))));
        return MiddlewareRegistry.of(factories);
    }

    /** Serves with middleware {@code chain} (a YAML flow list) from now on. */
    void use(String chain) {
        gateway.updateEngine(engine(chain));
        spans.reset();
    }

    LaneEngine engine(String chain) {
        return TestConfigs.engine(TestConfigs.CANARY_LANES + """
                routes:
                  - {name: web, pathPrefix: /web, service: web}
                  - {name: pair, pathPrefix: /pair, service: pair}
                  - {name: dead, pathPrefix: /dead, service: dead}
                discovery:
                  static:
                    web:
                      - {id: web-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                      - {id: web-v2, address: 127.0.0.1, port: %d, tags: [version=v2]}
                    pair:
                      - {id: pair-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                    dead:
                      - {id: dead-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                chain: %s
                """.formatted(webV1.port(), webV2.port(), pairV1.port(), deadPort, chain));
    }

    RawHttp.Response get(String path, String... headers) {
        return RawHttp.exchange(gateway.port(), RawHttp.get(path, headers));
    }

    /** Waits for the {@code n}th finished span (1-based) and returns it. */
    SpanData span(int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems().size() >= n);
        return spans.getFinishedSpanItems().get(n - 1);
    }

    /** The only finished span, once there is one. */
    SpanData onlySpan() {
        SpanData s = span(1);
        if (spans.getFinishedSpanItems().size() != 1) {
            throw new AssertionError("expected one span: " + spans.getFinishedSpanItems());
        }
        return s;
    }

    @Override
    public void close() {
        gateway.close();
        webV1.close();
        webV2.close();
        pairV1.close();
    }
}
