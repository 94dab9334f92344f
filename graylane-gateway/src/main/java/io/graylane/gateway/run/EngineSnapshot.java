package io.graylane.gateway.run;

import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.LaneEngine;

import java.util.List;
import java.util.Objects;

/**
 * An engine ready to serve, with what it was built from. Immutable.
 *
 * @param engine  the lane engine
 * @param version a short version of the configuration it was built from; for a file, the first 12 hex
 *                digits of the SHA-256 of its text ({@link #contentVersion(String)})
 * @param origin  where the configuration came from, e.g. the file name
 */
public record EngineSnapshot(LaneEngine engine, String version, String origin) {

    public EngineSnapshot {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(origin, "origin");
    }

    /** The configuration the engine was built from. */
    public GraylaneConfig config() {
        return engine.config();
    }

    /** {@code 2 routes, 2 lanes, 3 instances}: the size of the configuration, for logs. */
    public String summary() {
        GraylaneConfig c = config();
        int instances = c.staticInstances().values().stream().mapToInt(List::size).sum();
        return plural(c.routes().size(), "route") + ", " + plural(c.lanes().size(), "lane") + ", "
                + plural(instances, "static instance");
    }

    /** The version of a configuration text: the first 12 hex digits of its SHA-256 (as UTF-8). */
    public static String contentVersion(String text) {
        return ContentHash.sha256(text).substring(0, 12);
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    @Override
    public String toString() {
        return origin + " version " + version;
    }
}
