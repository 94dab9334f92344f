package io.graylane.config;

import io.graylane.core.config.GraylaneConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/config.md stays true: its complete example loads, and every key is documented. */
class ConfigDocTest {

    private static final String MARKER = "<!-- complete-example -->";

    private static String configMd() throws IOException {
        return Files.readString(Docs.DOCS.resolve("config.md"));
    }

    private static String completeExample() throws IOException {
        String md = configMd();
        int marker = md.indexOf(MARKER);
        assertThat(marker).as("config.md has " + MARKER).isNotNegative();
        int start = md.indexOf("```yaml\n", marker) + "```yaml\n".length();
        return md.substring(start, md.indexOf("\n```", start) + 1);
    }

    @Test
    void theCompleteExampleLoadsWithoutEnvironmentAndUsesEveryFeature() throws IOException {
        GraylaneConfig c = new ConfigLoader(name -> null).parse(completeExample(), Format.YAML, "config.md");

        assertThat(c.lanes()).hasSize(4);
        assertThat(c.coloring().rules()).hasSize(5);
        assertThat(c.coloring().rules().get(4).name()).isEqualTo("rule-4");
        assertThat(c.staticInstances().get("orders").get(1).labels()).containsEntry("canary", "").containsEntry("zone", "a");
        assertThat(c.scope().datacenter()).isEqualTo("dc1");
    }

    @Test
    void theCompleteExampleValidatesAgainstTheSchema() throws IOException {
        assertThat(Docs.schema().validate(Docs.raw(completeExample(), Format.YAML))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(KnownKeys.class)
    void everyKeyIsDocumentedInConfigMd(KnownKeys kind) throws IOException {
        String md = configMd();
        List<String> undocumented = kind.keys().stream().filter(k -> !md.contains("`" + k + "`")).toList();
        assertThat(undocumented).as("keys of " + kind + " missing from docs/config.md").isEmpty();
    }
}
