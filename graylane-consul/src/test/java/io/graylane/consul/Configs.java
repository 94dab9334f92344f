package io.graylane.consul;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.config.GraylaneConfig;

import java.util.Map;

/** Small configuration documents for tests. */
final class Configs {

    private Configs() {
    }

    /** A valid YAML document routing to {@code services}, with a comment line {@code # <tag>} to vary its text. */
    static String yaml(String tag, String... services) {
        StringBuilder sb = new StringBuilder("# " + tag + "\nlanes:\n  stable: {}\ncoloring:\n  defaultLane: stable\n");
        if (services.length > 0) {
            sb.append("routes:\n");
            for (String s : services) {
                sb.append("  - {pathPrefix: /").append(s).append(", service: ").append(s).append("}\n");
            }
        }
        return sb.toString();
    }

    /** The same kind of document as JSON. */
    static String json(String service) {
        return "{\"lanes\": {\"stable\": {}}, \"coloring\": {\"defaultLane\": \"stable\"},"
                + " \"routes\": [{\"pathPrefix\": \"/" + service + "\", \"service\": \"" + service + "\"}]}";
    }

    /** A parsed config routing to {@code services}. */
    static GraylaneConfig config(String... services) {
        return new ConfigLoader(Map.<String, String>of()::get).parse(yaml("test", services), Format.YAML, "test");
    }

    /** A parsed config from YAML text. */
    static GraylaneConfig parse(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).parse(yaml, Format.YAML, "test");
    }
}
