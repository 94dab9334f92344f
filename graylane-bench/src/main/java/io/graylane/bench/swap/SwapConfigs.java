package io.graylane.bench.swap;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.gateway.metrics.MetricsFactory;
import io.graylane.gateway.middleware.BuiltinMiddleware;

/**
 * The configuration documents the swap benchmarks publish: two lanes, one header rule, one route, static
 * instances, and a chain of every built-in middleware the gateway ships (recover, timeout, header,
 * rate-limit, circuit-breaker, retry, access-log), optionally followed by a plugin's. The {@code header}
 * middleware sets {@value #VERSION_HEADER} to the document's version on every response, so a client sees
 * which chain served it. Stateless.
 */
public final class SwapConfigs {

    /** The response header whose value names the config version that served the request. */
    public static final String VERSION_HEADER = "X-Config-Version";

    private SwapConfigs() {
    }

    /** The registry {@code graylane gateway} builds chains from (as its package-private GatewayTypes does). */
    public static MiddlewareRegistry gatewayRegistry() {
        return new BuiltinMiddleware().registry().with(new MetricsFactory());
    }

    /**
     * A YAML document of version {@code version}, routing {@code /orders} to one static instance at
     * {@code 127.0.0.1:upstreamPort}; with {@code pluginType} non-null, that plugin type ends the chain.
     */
    public static String document(String version, int upstreamPort, String pluginType) {
        StringBuilder b = new StringBuilder();
        b.append("""
                lanes:
                  stable: {}
                  canary: {selector: {version: v2}, fallback: stable}
                coloring:
                  defaultLane: stable
                  rules:
                    - name: beta
                      lane: canary
                      when: {header: {name: X-User-Group, equals: beta}}
                routes:
                  - {pathPrefix: /orders, service: orders}
                discovery:
                  static:
                    orders:
                      - {id: orders-1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                chain:
                  - {id: recover,  type: recover}
                  - {id: log,      type: access-log}
                  - {id: limit,    type: rate-limit, config: {rate: 100000/s, burst: 100000}}
                  - {id: retry,    type: retry}
                  - {id: breaker,  type: circuit-breaker, config: {openDuration: 10s}}
                  - {id: deadline, type: timeout, config: {duration: 5s}}
                  - {id: headers,  type: header, config: {response: {set: {%s: "%s"}}}}
                """.formatted(upstreamPort, VERSION_HEADER, version));
        if (pluginType != null) {
            b.append("  - {id: plugin,   type: ").append(pluginType).append("}\n");
        }
        return b.toString();
    }

    /** {@link #document} parsed and validated. */
    public static GraylaneConfig config(String version, int upstreamPort, String pluginType) {
        return new ConfigLoader().parse(document(version, upstreamPort, pluginType), Format.YAML, "bench-" + version);
    }
}
