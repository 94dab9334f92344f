package io.graylane.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelMappingTest {

    @ParameterizedTest(name = "tag {0} -> {1}={2}")
    @CsvSource({
            "version=v2, version, v2",
            "version:v2, version, v2",
            "canary, canary, ''",
            "url=http://x:1, url, http://x:1",
            "k:v=w, k:v, w",
            "=odd, =odd, ''"})
    void tagsBecomeLabels(String tag, String key, String value) {
        Map<String, String> labels = LabelMapping.DEFAULT.labels(List.of(tag), Map.of());

        assertThat(labels).containsExactly(Map.entry(key, value));
    }

    @Test
    void metaWinsOverTagsWithTheSameKey() {
        Map<String, String> labels = LabelMapping.DEFAULT.labels(List.of("version=v1", "canary"),
                Map.of("version", "v2"));

        assertThat(labels).containsOnly(Map.entry("version", "v2"), Map.entry("canary", ""));
    }

    @Test
    void separatorsAreConfigurableAndSourcesCanBeSwitchedOff() {
        LabelMapping slashOnly = new LabelMapping(List.of("/"), true, false);

        assertThat(slashOnly.labels(List.of("version/v2", "a=b"), Map.of("m", "x")))
                .containsOnly(Map.entry("version", "v2"), Map.entry("a=b", ""));
        assertThat(new LabelMapping(List.of("="), false, true).labels(List.of("a=b"), Map.of("m", "x")))
                .containsOnly(Map.entry("m", "x"));
    }

    @Test
    void emptySeparatorIsRejectedWithItsName() {
        assertThatThrownBy(() -> new LabelMapping(List.of(""), true, true))
                .hasMessage("separators: \"\" (expected: non-empty strings)");
    }
}
