package io.graylane.config;

import io.graylane.core.config.GraylaneConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EnvSubstitutionTest {

    private static final Map<String, String> ENV = Map.of(
            "DC", "dc7",
            "EMPTY", "",
            "LANE_KEY", "0123456789abcdef-from-env",
            "A_1", "one");

    private static final String BASE = "lanes: {stable: {}}\ncoloring: {defaultLane: stable}\n";

    private static GraylaneConfig load(String yaml) {
        return new ConfigLoader(ENV::get).parse(yaml, Format.YAML, "env.yaml");
    }

    /** The value that {@code scope.namespace: '<template>'} ends up with. */
    private static String substituted(String template) {
        return load(BASE + "scope: {namespace: '" + template + "'}\n").scope().namespace();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', emptyValue = "", textBlock = """
            ${DC}                  | dc7
            ${DC:-dc1}             | dc7
            ${UNSET:-dc1}          | dc1
            ${UNSET:-}             | ""
            ${EMPTY:-fallback}     | fallback
            ${EMPTY}               | ""
            pre-${DC}-post         | pre-dc7-post
            ${DC}/${A_1}           | dc7/one
            $${DC}                 | ${DC}
            $${UNSET}              | ${UNSET}
            $$${DC}                | $${DC}
            price: 5$              | price: 5$
            $DC                    | $DC
            ${UNSET:-a:-b}         | a:-b
            ${UNSET:-with space}   | with space
            """)
    void stringValuesAreSubstitutedFromTheEnvironment(String template, String expected) {
        assertThat(substituted(template)).isEqualTo(expected);
    }

    @Test
    void substitutionReachesListItemsNestedObjectsAndChainConfig() {
        GraylaneConfig config = load(BASE + """
                trust:
                  trustedCidrs: ["${CIDR:-10.0.0.0/8}"]
                  keys: [{id: k1, secret: "${LANE_KEY}"}]
                chain:
                  - {id: x, type: plugin, config: {nested: {list: ["${DC}", 5]}}}
                """);

        assertThat(config.trust().trustedCidrs()).extracting(Object::toString).containsExactly("10.0.0.0/8");
        assertThat(config.trust().keys().get(0).secret()).isEqualTo("0123456789abcdef-from-env");
        assertThat(config.chain().get(0).config()).isEqualTo(Map.of("nested", Map.of("list", List.of("dc7", 5))));
    }

    @Test
    void keysAndNonStringValuesAreLeftAlone() {
        GraylaneConfig config = load(BASE + """
                scope:
                  labels: {"${DC}": "${DC}"}
                chain:
                  - {id: x, type: plugin, config: {n: 5, b: true}}
                """);

        assertThat(config.scope().labels()).isEqualTo(Map.of("${DC}", "dc7"));
        assertThat(config.chain().get(0).config()).isEqualTo(Map.of("n", 5, "b", true));
    }

    @Test
    void staticInstancesTakeTheSubstitutedScopeDatacenter() {
        GraylaneConfig config = load(BASE + """
                scope: {datacenter: "${DC:-dc1}"}
                discovery: {static: {orders: [{id: o1, address: 127.0.0.1, port: 8081}]}}
                """);

        assertThat(config.staticInstances().get("orders").get(0).datacenter()).isEqualTo("dc7");
    }

    @Test
    void everyUnsetVariableIsReportedWithItsPathAndNothingElseAboutThatValue() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(BASE + """
                scope: {datacenter: "${NO_DC}"}
                trust:
                  keys: [{id: k1, secret: "${NO_KEY}"}]
                """));

        assertThat(e.errors()).extracting(ConfigError::path, ConfigError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("scope.datacenter",
                        "${NO_DC} is not set (expected: environment variable NO_DC, or a default: ${NO_DC:-value})"),
                org.assertj.core.groups.Tuple.tuple("trust.keys[0].secret",
                        "${NO_KEY} is not set (expected: environment variable NO_KEY, or a default: ${NO_KEY:-value})"));
    }

    @Test
    void theDefaultLoaderReadsTheProcessEnvironment() {
        // Set by the surefire configuration in this module's pom.
        GraylaneConfig config = new ConfigLoader().parse(BASE + "scope: {namespace: '${GRAYLANE_TEST_ENV}'}\n",
                Format.YAML, "env.yaml");

        assertThat(config.scope().namespace()).isEqualTo("from-the-environment");
    }
}
