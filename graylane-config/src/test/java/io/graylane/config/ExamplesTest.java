package io.graylane.config;

import com.networknt.schema.ValidationMessage;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.config.TrustSettings;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Lane;
import io.graylane.core.rule.Condition;
import io.graylane.core.rule.Rule;
import io.graylane.core.rule.StickyKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExamplesTest {

    /** No environment at all: every example must work out of the box, through ${VAR:-default}. */
    private static final ConfigLoader LOADER = new ConfigLoader(name -> null);

    static List<Path> examples() {
        return Docs.examples();
    }

    static List<Path> brokenExamples() throws IOException, URISyntaxException {
        Path dir = Path.of(ExamplesTest.class.getResource("/broken").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> Format.of(p).isPresent()).sorted().toList();
        }
    }

    @Test
    void theDocumentedExamplesAreAllThere() {
        assertThat(examples()).map(p -> p.getFileName().toString()).contains(
                "minimal.yaml", "canary-by-header.yaml", "canary-by-header.json", "sticky-percentage.yaml",
                "multi-lane-fallback.yaml", "demo.yaml");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleValidatesAgainstTheSchema(Path example) {
        assertThat(Docs.validate(example)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleLoadsWithoutAnyEnvironmentVariable(Path example) {
        assertThat(LOADER.load(example)).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("brokenExamples")
    void everyBrokenExampleFailsTheSchemaAndTheLoaderWithTheExpectedError(Path broken) throws IOException {
        Set<ValidationMessage> schemaErrors = Docs.validate(broken);
        assertThat(schemaErrors).as("schema errors for " + broken.getFileName()).isNotEmpty();

        String expected = expectation(broken);
        assertThatThrownBy(() -> LOADER.load(broken))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors())
                        .anySatisfy(error -> assertThat(error.path() + ": " + error.message()).startsWith(expected)));
    }

    @Test
    void theJsonExampleMeansTheSameAsItsYamlTwin() {
        GraylaneConfig yaml = LOADER.load(Docs.EXAMPLES.resolve("canary-by-header.yaml"));
        GraylaneConfig json = LOADER.load(Docs.EXAMPLES.resolve("canary-by-header.json"));
        assertThat(json).isEqualTo(yaml);
    }

    @Test
    void demoHasAFrontendCanaryButNoOrdersCanary() {
        GraylaneConfig demo = LOADER.load(Docs.EXAMPLES.resolve("demo.yaml"));

        assertThat(demo.staticInstances().get("frontend"))
                .extracting(Instance::id, Instance::port, i -> i.label("version"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("frontend-v1", 18081, "v1"),
                        org.assertj.core.groups.Tuple.tuple("frontend-v2", 18082, "v2"));
        assertThat(demo.staticInstances().get("orders"))
                .extracting(i -> i.label("version")).containsExactly("v1");
        assertThat(demo.staticInstances().values()).flatMap(l -> l)
                .allSatisfy(i -> assertThat(i.address()).isEqualTo("127.0.0.1"))
                .allSatisfy(i -> assertThat(i.port()).isBetween(18081, 18084))
                .allSatisfy(i -> assertThat(i.datacenter()).isEqualTo("dc1"));
        assertThat(demo.lane("canary").fallback()).isEqualTo("stable");
        assertThat(demo.routes()).extracting(r -> r.pathPrefix() + " -> " + r.service())
                .containsExactly("/frontend -> frontend", "/orders -> orders");
        assertThat(demo.coloring().rules()).extracting(Rule::when).containsExactly(
                new Condition.Header("X-User-Group", new io.graylane.core.rule.ValueMatch.Equals("beta")),
                new Condition.Sticky(new StickyKey(StickyKey.Source.HEADER, "X-User-ID"), 500, ""),
                new Condition.Cookie("canary", new io.graylane.core.rule.ValueMatch.Equals("1")));
        assertThat(demo.coloring().rules()).extracting(Rule::lane).containsOnly("canary");
    }

    @Test
    void demoDatacenterComesFromTheEnvironmentWhenSet() {
        GraylaneConfig demo = new ConfigLoader(Map.of("GRAYLANE_DATACENTER", "dc7")::get)
                .load(Docs.EXAMPLES.resolve("demo.yaml"));
        assertThat(demo.scope().datacenter()).isEqualTo("dc7");
        assertThat(demo.staticInstances().get("orders")).extracting(Instance::datacenter).containsOnly("dc7");
    }

    @Test
    void stickyPercentageRampsFivePercentOfUserIds() {
        GraylaneConfig config = LOADER.load(Docs.EXAMPLES.resolve("sticky-percentage.yaml"));
        assertThat(config.coloring().rules().get(0).when()).isEqualTo(
                new Condition.Sticky(new StickyKey(StickyKey.Source.HEADER, "X-User-ID"), 500, "orders-v2-ramp"));
    }

    @Test
    void multiLaneFallbackChainsVipToCanaryToStableAndKeepsFeatureXStrict() {
        GraylaneConfig config = LOADER.load(Docs.EXAMPLES.resolve("multi-lane-fallback.yaml"));
        assertThat(config.lanes()).extracting(Lane::name, Lane::fallback, Lane::strict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("stable", null, false),
                org.assertj.core.groups.Tuple.tuple("canary", "stable", false),
                org.assertj.core.groups.Tuple.tuple("beta-vip", "canary", false),
                org.assertj.core.groups.Tuple.tuple("feature-x", null, true));
        assertThat(config.trust().trustedCidrs()).hasSize(3);
        assertThat(config.trust().keys()).extracting(TrustSettings.SigningKey::secret)
                .containsExactly("dev-only-key-change-me-0123456789");
        Condition readers = config.coloring().rules().get(2).when();
        assertThat(readers).isInstanceOf(Condition.AllOf.class);
        assertThat(((Condition.AllOf) readers).conditions()).hasSize(4)
                .contains(new Condition.Sticky(new StickyKey(StickyKey.Source.COOKIE, "uid"), 1250, ""));
        assertThat(config.chain()).extracting(c -> c.id()).containsExactly("recover", "timeout");
    }

    @Test
    void minimalConfigGetsEveryDefault() {
        GraylaneConfig config = LOADER.load(Docs.EXAMPLES.resolve("minimal.yaml"));
        assertThat(config.scope()).isEqualTo(io.graylane.core.model.Scope.ALL);
        assertThat(config.labelMapping()).isEqualTo(io.graylane.core.model.LabelMapping.DEFAULT);
        assertThat(config.propagation()).isEqualTo(io.graylane.core.config.Propagation.DEFAULT);
        assertThat(config.trust()).isEqualTo(TrustSettings.NONE);
        assertThat(config.lanes()).containsExactly(Lane.baseline("stable"));
        assertThat(config.coloring().rules()).isEmpty();
        assertThat(config.routes()).isEmpty();
        assertThat(config.staticInstances()).isEmpty();
        assertThat(config.chain()).isEmpty();
    }

    private static String expectation(Path broken) throws IOException {
        Path sidecar = broken.resolveSibling(broken.getFileName() + ".expect");
        if (Files.exists(sidecar)) {
            return Files.readString(sidecar).strip();
        }
        String first = Files.readAllLines(broken).get(0);
        assertThat(first).as("first line of " + broken.getFileName()).startsWith("# expect: ");
        return first.substring("# expect: ".length()).strip();
    }
}
