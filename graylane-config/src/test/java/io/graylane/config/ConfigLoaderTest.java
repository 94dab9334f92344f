package io.graylane.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.graylane.core.config.ChainEntry;
import io.graylane.core.config.ConsulDiscoverySettings;
import io.graylane.core.config.ConsulServiceQuery;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.config.Propagation;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.core.model.LabelMapping;
import io.graylane.core.model.Lane;
import io.graylane.core.model.Route;
import io.graylane.core.model.Scope;
import io.graylane.core.net.Cidr;
import io.graylane.core.rule.Condition;
import io.graylane.core.rule.Rule;
import io.graylane.core.rule.StickyKey;
import io.graylane.core.rule.ValueMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

class ConfigLoaderTest {

    private static final ConfigLoader LOADER = new ConfigLoader(name -> null);

    private static String resource(String name) {
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyKeyBindsToTheCoreModel() {
        GraylaneConfig c = LOADER.parse(resource("full.yaml"), Format.YAML, "full.yaml");

        assertThat(c.scope()).isEqualTo(new Scope("dc2", "team-a", Map.of("env", "prod")));
        assertThat(c.labelMapping()).isEqualTo(new LabelMapping(List.of("=", "/"), true, true));
        assertThat(c.propagation()).isEqualTo(new Propagation("X-Lane", false, "lane"));
        assertThat(c.lanes()).containsExactly(
                Lane.baseline("stable"),
                new Lane("canary", Map.of("version", "v2", "env", "prod"), "stable", false),
                new Lane("dark", Map.of("dark", ""), null, true));

        assertThat(c.coloring().defaultLane()).isEqualTo("stable");
        assertThat(c.coloring().rules()).containsExactly(
                new Rule("everything", new Condition.AllOf(List.of(
                        new Condition.Header("X-A", new ValueMatch.Prefix("be")),
                        new Condition.Cookie("c", new ValueMatch.Regex("v[0-9]+")),
                        new Condition.Query("q", new ValueMatch.Present()),
                        new Condition.Path(new ValueMatch.In(Set.of("/a", "/b"))),
                        new Condition.Method(Set.of("GET", "POST")),
                        new Condition.ClientCidr(List.of(Cidr.parse("10.0.0.0/8"))),
                        new Condition.Sticky(new StickyKey(StickyKey.Source.QUERY, "user"), 525, "s"),
                        new Condition.Random(1))), "canary"),
                new Rule("rule-1", new Condition.AllOf(List.of(
                        new Condition.AnyOf(List.of(
                                new Condition.Header("X-Dark", new ValueMatch.Absent()),
                                new Condition.Not(new Condition.Path(new ValueMatch.Equals("/health"))))),
                        new Condition.AllOf(List.of(
                                new Condition.Path(new ValueMatch.Regex("/v[12]/.*")),
                                new Condition.Method(Set.of("DELETE")))))), "dark"));

        assertThat(c.trust().trustedCidrs()).containsExactly(Cidr.parse("127.0.0.1/32"), Cidr.parse("::1/128"));
        assertThat(c.trust().keys()).extracting(k -> k.id()).containsExactly("k1");
        assertThat(c.routes()).containsExactly(
                new Route("api", "*.example.com", "/api", "api", true),
                new Route("catch-all", null, null, "web", false));

        assertThat(c.staticInstances()).containsOnlyKeys("api");
        assertThat(c.staticInstances().get("api")).containsExactly(
                // "version/v2" splits at the configured "/"; Meta's env wins over the env=dev tag.
                new Instance("api", "api-1", "10.0.0.1", 80, Health.PASSING, 1, "dc2",
                        Map.of("version", "v2", "canary", "", "env", "prod")),
                new Instance("api", "api-2", "::1", 8443, Health.WARNING, 0, "dc9", Map.of()));
        assertThat(c.consulDiscovery()).isEqualTo(new ConsulDiscoverySettings("https://consul.internal:8501",
                "s3cr3t-token", true, Duration.ofSeconds(90), true));

        assertThat(c.chain()).extracting(ChainEntry::id, ChainEntry::type, ChainEntry::enabled, ChainEntry::after)
                .containsExactly(tuple("recover", "recover", true, List.of()),
                        tuple("limit", "rate-limit", false, List.of("recover")));
        Map<String, Object> expectedConfig = new HashMap<>();
        expectedConfig.put("rps", 100);
        expectedConfig.put("burst", 2.5);
        expectedConfig.put("keys", List.of("ip", Map.of("header", "X-Key")));
        expectedConfig.put("on", true);
        expectedConfig.put("nothing", null);
        assertThat(c.chain().get(1).config()).isEqualTo(expectedConfig);
        assertThat(c.chain().get(1).config().keySet()).containsExactly("rps", "burst", "keys", "on", "nothing");
    }

    @ParameterizedTest(name = "{0} % is {1} basis points")
    @org.junit.jupiter.params.provider.CsvSource({"0, 0", "0.01, 1", "5, 500", "5.25, 525", "5.250, 525", "12.5, 1250",
            "99.99, 9999", "100, 10000", "100.00, 10000"})
    void percentagesBecomeExactBasisPoints(String percent, int basisPoints) {
        GraylaneConfig c = LOADER.parse("lanes: {stable: {}}\ncoloring: {defaultLane: stable, rules: "
                + "[{lane: stable, when: {random: {percent: " + percent + "}}}]}\n", Format.YAML, "p.yaml");

        assertThat(c.coloring().rules().get(0).when()).isEqualTo(new Condition.Random(basisPoints));
    }

    @Test
    void consulTagsAndFilterApplyToEveryServiceAndPerServiceEntriesOverrideKeyByKey() {
        GraylaneConfig c = LOADER.parse("""
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                discovery:
                  consul:
                    tags: [prod, zone=a]
                    filter: 'Service.Meta.team == "shop"'
                    services:
                      billing: {filter: 'Service.Meta.team == "money"'}
                      legacy: {tags: [], filter: ""}
                """, Format.YAML, "c.yaml");

        ConsulDiscoverySettings d = c.consulDiscovery();
        assertThat(d.queryFor("web")).isEqualTo(new ConsulServiceQuery(List.of("prod", "zone=a"),
                "Service.Meta.team == \"shop\""));
        assertThat(d.queryFor("billing")).isEqualTo(new ConsulServiceQuery(List.of("prod", "zone=a"),
                "Service.Meta.team == \"money\""));
        assertThat(d.queryFor("legacy")).isEqualTo(ConsulServiceQuery.ALL);
    }

    @Test
    void labelMappingCanIgnoreTags() {
        GraylaneConfig c = LOADER.parse("""
                labels: {tags: false}
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                discovery: {static: {a: [{id: a1, address: h, port: 1, tags: [version=v2], meta: {zone: z1}}]}}
                """, Format.YAML, "t.yaml");

        assertThat(c.staticInstances().get("a").get(0).labels()).isEqualTo(Map.of("zone", "z1"));
    }

    static Stream<String> yamlSources() {
        List<String> sources = new ArrayList<>();
        sources.add(resource("full.yaml"));
        for (Path example : Docs.examples()) {
            if (Format.of(example).orElseThrow() == Format.YAML) {
                try {
                    sources.add(Files.readString(example));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return sources.stream();
    }

    @ParameterizedTest
    @MethodSource("yamlSources")
    void yamlAndJsonOfTheSameContentGiveEqualConfigs(String yaml) throws IOException {
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(new YAMLMapper().readTree(yaml));

        GraylaneConfig fromYaml = LOADER.parse(yaml, Format.YAML, "a.yaml");
        GraylaneConfig fromJson = LOADER.parse(json, Format.JSON, "a.json");

        assertThat(fromJson).isEqualTo(fromYaml);
    }

    @Test
    void aFileWithSeveralMistakesReportsAllOfThemInFileOrderWithLines() {
        String yaml = """
                version: 1
                lanes:
                  stable: {}
                  canary: {selector: {version: v2}, fallback: stabel}
                  beta: {fallback: gamma}
                  gamma: {fallback: beta}
                coloring:
                  defaultLane: stable
                  rules:
                    - name: beta-users
                      lane: canary
                      when:
                        header: {name: "", equals: beta}
                    - lane: canry
                      when: {sticky: {key: "header:X-User-ID", percent: 150}}
                    - name: beta-users
                      lane: canary
                      when: {clientCidr: 10.0.0.0/40, methd: GET}
                trust:
                  keys: [{id: k1, secret: "${LANE_KEY}"}]
                discovery:
                  static:
                    orders:
                      - {id: o1, address: 127.0.0.1, port: 0}
                      - {id: o1, address: 127.0.0.1, port: 8081, helth: passing}
                chain:
                  - {id: recover, type: recover, after: [logging]}
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.parse(yaml, Format.YAML, "shop.yaml"));

        assertThat(e.errors()).extracting(ConfigError::line, ConfigError::path).containsExactly(
                tuple(4, "lanes.canary.fallback"),
                tuple(5, "lanes.beta.fallback"),
                tuple(13, "coloring.rules[0].when.header.name"),
                tuple(14, "coloring.rules[1].lane"),
                tuple(15, "coloring.rules[1].when.sticky.percent"),
                tuple(16, "coloring.rules[2].name"),
                tuple(18, "coloring.rules[2].when.clientCidr"),
                tuple(18, "coloring.rules[2].when.methd"),
                tuple(20, "trust.keys[0].secret"),
                tuple(24, "discovery.static.orders[0].port"),
                tuple(25, "discovery.static.orders[1].id"),
                tuple(25, "discovery.static.orders[1].helth"),
                tuple(27, "chain[0].after[0]"));
        assertThat(e.getMessage()).startsWith("13 errors in shop.yaml:\n  shop.yaml:4:");
        assertThat(e.getMessage()).contains(
                "shop.yaml:5:",
                "lanes.beta.fallback: \"gamma\" makes a fallback cycle beta -> gamma -> beta",
                "coloring.rules[0].when.header.name: \"\" (expected: a header name)",
                "coloring.rules[2].when.methd: unknown key (expected: one of header, cookie, query, path, method, "
                        + "clientCidr, sticky, random, allOf, anyOf, not; did you mean \"method\"?)");
    }

    @Test
    void errorsCarryTheLineAndColumnOfTheKeyInYamlAndJson() {
        ConfigException yaml = catchThrowableOfType(ConfigException.class, () -> LOADER.parse("""
                lanes:
                  stable: {}
                coloring:
                    defaultLane: canary
                """, Format.YAML, "a.yaml"));
        ConfigException json = catchThrowableOfType(ConfigException.class, () -> LOADER.parse("""
                {
                  "lanes": {"stable": {}},
                  "coloring": {
                      "defaultLane": "canary"
                  }
                }
                """, Format.JSON, "a.json"));

        assertThat(yaml.errors()).extracting(ConfigError::line, ConfigError::column).containsExactly(tuple(4, 5));
        assertThat(json.errors()).extracting(ConfigError::line, ConfigError::column).containsExactly(tuple(4, 7));
        assertThat(yaml.getMessage()).isEqualTo(
                "a.yaml:4:5: coloring.defaultLane: \"canary\" (expected: a declared lane: stable)");
    }

    @Test
    void aMissingKeyIsReportedAtTheObjectThatLacksIt() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.parse("""
                lanes: {stable: {}}
                coloring:
                  defaultLane: stable
                  rules:
                    - name: r
                      when: {method: GET}
                """, Format.YAML, "a.yaml"));

        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.path()).isEqualTo("coloring.rules[0].lane");
            assertThat(err.line()).isEqualTo(5);
        });
    }

    @Test
    void yamlSyntaxErrorsNameLineAndColumn() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.parse("""
                lanes:
                  stable: {}
                coloring:
                  defaultLane: stable
                   rules: []
                """, Format.YAML, "bad.yaml"));

        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.path()).isEmpty();
            assertThat(err.message()).startsWith("syntax error: ");
            assertThat(err.line()).isEqualTo(5);
            assertThat(err.column()).isPositive();
            assertThat(err.toString()).startsWith("bad.yaml:5:");
        });
    }

    @Test
    void jsonSyntaxErrorsNameLineAndColumn() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.parse(
                "{\n  \"lanes\": {\"stable\": {}},\n  \"coloring\": {\"defaultLane\": \"stable\",}\n}", Format.JSON, "bad.json"));

        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.message()).startsWith("syntax error: ");
            assertThat(err.line()).isEqualTo(3);
        });
    }

    @Test
    void aSecondYamlDocumentIsAnError() {
        assertThatThrownBy(() -> LOADER.parse("lanes: {stable: {}}\ncoloring: {defaultLane: stable}\n---\nlanes: {}\n",
                Format.YAML, "two.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("two.yaml:4:1: a second YAML document (expected: one document per file)");
    }

    @Test
    void yamlAnchorsAliasesAndMergeKeysAreResolved() {
        GraylaneConfig c = LOADER.parse("""
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                discovery:
                  static:
                    orders:
                      - &base {id: o1, address: 127.0.0.1, port: 8081, tags: &v1 [version=v1]}
                      - {<<: *base, id: o2, port: 8082}
                      - {id: o3, address: 127.0.0.1, port: 8083, tags: *v1}
                """, Format.YAML, "a.yaml");

        assertThat(c.staticInstances().get("orders"))
                .extracting(Instance::id, Instance::port, i -> i.label("version"))
                .containsExactly(tuple("o1", 8081, "v1"), tuple("o2", 8082, "v1"), tuple("o3", 8083, "v1"));
    }

    @Test
    void yamlEmptyValueIsNullButQuotedEmptyStringIsAString() {
        GraylaneConfig c = LOADER.parse("lanes: {stable: {}}\ncoloring: {defaultLane: stable}\nscope: {namespace: \"\"}\n",
                Format.YAML, "a.yaml");
        assertThat(c.scope().namespace()).isEmpty();
    }

    @Test
    void secretsNeverAppearInErrors() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.parse("""
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                trust: {keys: [{id: k1, secret: hunter2}]}
                """, Format.YAML, "a.yaml"));

        assertThat(e.getMessage()).doesNotContain("hunter2").contains("trust.keys[0].secret: (hidden, 7 characters)");
    }

    @Test
    void consulDiscoveryIsOffWithoutTheSectionAndAllDefaultsWithAnEmptyOne() {
        String base = "lanes: {stable: {}}\ncoloring: {defaultLane: stable}\n";

        assertThat(LOADER.parse(base, Format.YAML, "a.yaml").consulDiscovery()).isNull();
        assertThat(LOADER.parse(base + "discovery: {static: {}}\n", Format.YAML, "a.yaml").consulDiscovery()).isNull();
        ConsulDiscoverySettings d = LOADER.parse(base + "discovery: {consul: {}}\n", Format.YAML, "a.yaml").consulDiscovery();
        assertThat(d).isEqualTo(ConsulDiscoverySettings.DEFAULT);
        assertThat(d.address()).isEmpty();
        assertThat(d.hasToken()).isFalse();
        assertThat(d.onlyPassing()).isFalse();
        assertThat(d.waitTime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.stale()).isFalse();
    }

    @ParameterizedTest(name = "wait: {0} is {1}")
    @CsvSource({"1s, PT1S", "250ms, PT0.25S", "1m30s, PT1M30S", "1.5s, PT1.5S", "10m, PT10M", "100us, PT0.0001S", ".5m, PT30S"})
    void consulWaitIsAGoDuration(String wait, Duration expected) {
        GraylaneConfig c = LOADER.parse("lanes: {stable: {}}\ncoloring: {defaultLane: stable}\n"
                + "discovery: {consul: {wait: \"" + wait + "\"}}\n", Format.YAML, "a.yaml");

        assertThat(c.consulDiscovery().waitTime()).isEqualTo(expected);
    }

    @Test
    void theConsulTokenNeverAppearsInErrorsOrInToString() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.parse("""
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                discovery: {consul: {token: 12345678, adress: x}}
                """, Format.YAML, "a.yaml"));
        ConsulDiscoverySettings d = LOADER.parse("""
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                discovery: {consul: {token: hunter2-token}}
                """, Format.YAML, "a.yaml").consulDiscovery();

        assertThat(e.getMessage()).doesNotContain("12345678").contains("discovery.consul.token: a number (expected: a string");
        assertThat(d.token()).isEqualTo("hunter2-token");
        assertThat(d.toString()).doesNotContain("hunter2").contains("token=<set>");
    }

    @Test
    void routesMayNameServicesWithoutStaticInstances() {
        GraylaneConfig c = LOADER.parse("""
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                routes: [{service: from-consul}]
                discovery: {static: {other: [{id: x, address: h, port: 1}]}}
                """, Format.YAML, "a.yaml");

        assertThat(c.routes()).extracting(Route::service).containsExactly("from-consul");
    }

    @Test
    void loadPicksTheFormatByExtension(@TempDir Path dir) throws IOException {
        String yaml = "lanes: {stable: {}}\ncoloring: {defaultLane: stable}\n";
        Path yml = Files.writeString(dir.resolve("a.yml"), yaml);
        Path json = Files.writeString(dir.resolve("a.JSON"), "{\"lanes\": {\"stable\": {}}, \"coloring\": {\"defaultLane\": \"stable\"}}");

        assertThat(LOADER.load(yml)).isEqualTo(LOADER.load(json));
    }

    @Test
    void loadRejectsUnknownExtensionsAndMissingFiles(@TempDir Path dir) throws IOException {
        Path toml = Files.writeString(dir.resolve("a.toml"), "x = 1");

        assertThatThrownBy(() -> LOADER.load(toml)).isInstanceOf(ConfigException.class)
                .hasMessage(toml + ": unknown file type (expected: a .yaml, .yml or .json file)");
        assertThatThrownBy(() -> LOADER.load(dir.resolve("nope.yaml"))).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("nope.yaml") + ": no such file (expected: a readable config file)");
    }

    @Test
    void loadNamesTheFileInEveryError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("gw.yaml"), "lanes: {stable: {}}\ncoloring: {defaultLane: x}\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.load(file));

        assertThat(e.errors()).singleElement().extracting(ConfigError::source).isEqualTo(file.toString());
    }

    @Test
    void configErrorRendersWithAndWithoutAPosition() {
        assertThat(new ConfigError("a.yaml", "coloring.rules[2].when.header.name", "\"\" (expected: a header name)", 14, 9))
                .hasToString("a.yaml:14:9: coloring.rules[2].when.header.name: \"\" (expected: a header name)");
        assertThat(new ConfigError("a.yaml", "lanes", "missing (expected: lanes)"))
                .hasToString("a.yaml: lanes: missing (expected: lanes)");
        assertThat(new ConfigError("a.yaml", "", "the file is empty")).hasToString("a.yaml: the file is empty");
    }

    @Test
    void pathsQuoteKeysThatAreNotPlainNames() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.parse("""
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                scope: {labels: {app.kubernetes.io/name: 1}}
                """, Format.YAML, "a.yaml"));

        assertThat(e.errors()).singleElement().extracting(ConfigError::path)
                .isEqualTo("scope.labels[\"app.kubernetes.io/name\"]");
    }
}
