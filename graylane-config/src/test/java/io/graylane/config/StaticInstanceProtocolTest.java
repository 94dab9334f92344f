package io.graylane.config;

import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.model.Instance;
import io.graylane.core.model.UpstreamProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code discovery.static.<service>[].protocol}: which instances the gateway speaks h2c to. */
class StaticInstanceProtocolTest {

    private static final ConfigLoader LOADER = new ConfigLoader(Map.<String, String>of()::get);

    private static String config(String instanceExtras) {
        return """
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                routes: [{name: g, pathPrefix: /, service: grpc}]
                discovery:
                  static:
                    grpc:
                      - {id: g1, address: 127.0.0.1, port: 9000%s}
                """.formatted(instanceExtras);
    }

    private static Instance onlyInstance(String extras) {
        GraylaneConfig c = LOADER.parse(config(extras), Format.YAML, "t.yaml");
        return c.staticInstances().get("grpc").get(0);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            "                                          | HTTP1",
            ", protocol: h2c                           | H2C",
            ", protocol: http1                         | HTTP1",
            ", meta: {graylane-protocol: h2c}          | H2C",
            ", tags: [graylane-protocol=h2c]           | H2C",
            ", protocol: http1, meta: {graylane-protocol: h2c} | HTTP1",
    })
    void theProtocolKeyOrAGraylaneProtocolLabelChoosesTheUpstreamProtocol(String extras, UpstreamProtocol expected) {
        assertThat(UpstreamProtocol.of(onlyInstance(extras == null ? "" : extras))).isEqualTo(expected);
    }

    @Test
    void theProtocolKeyHoldsEvenWhenTheLabelMappingIgnoresMeta() {
        GraylaneConfig c = LOADER.parse("labels: {meta: false, tags: false}\n" + config(", protocol: h2c"),
                Format.YAML, "t.yaml");
        assertThat(c.staticInstances().get("grpc").get(0).label(UpstreamProtocol.LABEL)).isEqualTo("h2c");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            ", protocol: h3                      | discovery.static.grpc[0].protocol                    | \"h3\" (expected: http1 or h2c)",
            ", protocol: 2                       | discovery.static.grpc[0].protocol                    | 2 (expected: http1 or h2c",
            ", meta: {graylane-protocol: http2}  | discovery.static.grpc[0].meta.graylane-protocol      | \"http2\" (expected: http1 or h2c)",
    })
    void anUnknownProtocolIsReportedAtItsPath(String extras, String path, String fragment) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> LOADER.parse(config(extras), Format.YAML, "t.yaml"));
        assertThat(e).isNotNull();
        List<ConfigError> errors = e.errors();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path()).isEqualTo(path);
        assertThat(errors.get(0).message()).contains(fragment);
    }
}
