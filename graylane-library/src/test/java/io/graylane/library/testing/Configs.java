package io.graylane.library.testing;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.config.GraylaneConfig;

import java.util.Map;

/** Test configurations written as YAML. */
public final class Configs {

    private Configs() {
    }

    /** Parses {@code yaml} with an empty environment. */
    public static GraylaneConfig yaml(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).parse(yaml, Format.YAML, "test.yaml");
    }
}
