package io.graylane.gateway.proxy;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.LaneEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * What the gateway's test fixtures share: the usual two lanes with the {@code beta} rule, parsing a
 * YAML config (no environment variables) into an engine, and a loopback port nothing listens on.
 * Stateless and thread-safe.
 */
public final class TestConfigs {

    /**
     * The start of a config: lanes {@code stable} (v1) and {@code canary} (v2, falls back to stable),
     * {@code stable} by default, and rule {@code beta} sending {@code X-User-Group: beta} to canary.
     * Routes, discovery and the rest follow it.
     */
    public static final String CANARY_LANES = """
            version: 1
            lanes:
              stable: {selector: {version: v1}}
              canary: {selector: {version: v2}, fallback: stable}
            coloring:
              defaultLane: stable
              rules: [{name: beta, lane: canary, when: {header: {name: X-User-Group, equals: beta}}}]
            """;

    private TestConfigs() {
    }

    /** {@code yaml} parsed as the file {@code origin}, with no environment variables. */
    public static GraylaneConfig parse(String yaml, String origin) {
        return new ConfigLoader(Map.<String, String>of()::get).parse(yaml, Format.YAML, origin);
    }

    /** An engine over {@code yaml}, parsed as the file {@code origin}. */
    public static LaneEngine engine(String yaml, String origin) {
        return LaneEngine.create(parse(yaml, origin));
    }

    /** An engine over {@code yaml}, parsed as {@code test.yaml}. */
    public static LaneEngine engine(String yaml) {
        return engine(yaml, "test.yaml");
    }

    /** A loopback port that was free a moment ago: an instance there refuses connections. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
