package io.graylane.bench.library;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.config.GraylaneConfig;

/**
 * The configuration of the library benchmarks: a service's own view with three lanes, ten coloring rules
 * on headers, a cookie and a path (a request that matches none tries them all), default propagation and
 * trust, and no middleware chain (the library's default). Stateless.
 */
final class LibraryConfig {

    static final String DOCUMENT = """
            lanes:
              stable: {}
              canary: {selector: {version: v2}, fallback: stable}
              beta: {selector: {version: v3}, fallback: canary}
            coloring:
              defaultLane: stable
              rules:
                - {name: r1, lane: beta, when: {header: {name: X-Tenant, equals: acme}}}
                - {name: r2, lane: beta, when: {header: {name: X-Region, equals: eu-north}}}
                - {name: r3, lane: canary, when: {header: {name: X-Client-Version, prefix: "9.1."}}}
                - {name: r4, lane: canary, when: {cookie: {name: canary, equals: "1"}}}
                - {name: r5, lane: canary, when: {header: {name: X-Tenant, in: [globex, initech, umbrella]}}}
                - {name: r6, lane: canary, when: {header: {name: X-Device, equals: android}}}
                - {name: r7, lane: beta, when: {header: {name: X-Canary, equals: "true"}}}
                - {name: r8, lane: canary, when: {header: {name: X-Region, equals: ap-south}}}
                - {name: r9, lane: beta, when: {header: {name: X-Tenant, equals: hooli}}}
                - {name: r10, lane: canary, when: {header: {name: X-User-Group, equals: beta}}}
            routes:
              - {pathPrefix: /orders, service: orders}
            """;

    private LibraryConfig() {
    }

    static GraylaneConfig load() {
        return new ConfigLoader().parse(DOCUMENT, Format.YAML, "bench-library");
    }
}
