package io.graylane.gateway.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Normalized config text and unified diffs as {@code diff -u} writes them (expected outputs taken from GNU diff). */
class ConfigTextTest {

    @Test
    void distantChangesMakeTwoHunksWithThreeLinesOfContext() {
        String a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n";
        String b = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nn\nz\n";

        assertThat(ConfigText.unifiedDiff("a", a, "b", b)).isEqualTo("""
                --- a
                +++ b
                @@ -1,5 +1,5 @@
                 a
                -b
                +B
                 c
                 d
                 e
                @@ -10,5 +10,5 @@
                 j
                 k
                 l
                -m
                 n
                +z
                """);
    }

    @Test
    void addingToOrEmptyingAnEmptyDocumentUsesZeroLengthRanges() {
        assertThat(ConfigText.unifiedDiff("a", "", "b", "x\n")).isEqualTo("--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n");
        assertThat(ConfigText.unifiedDiff("a", "x\n", "b", "")).isEqualTo("--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n");
        assertThat(ConfigText.unifiedDiff("a", "x\n", "b", "x\n")).isEmpty();
    }

    @Test
    void normalizingDropsCommentsQuotingAndFlowStyleButKeepsOrder() {
        assertThat(ConfigText.normalize("# c\nlanes: {stable: {}, \"canary\": {fallback: 'stable'}}\n"))
                .isEqualTo(ConfigText.normalize("{\"lanes\": {\"stable\": {}, \"canary\": {\"fallback\": \"stable\"}}}"))
                .isEqualTo("lanes:\n  stable: {}\n  canary:\n    fallback: stable\n");
        assertThat(ConfigText.normalize("b: 1\na: 2\n")).isEqualTo("b: 1\na: 2\n");
        assertThatThrownBy(() -> ConfigText.normalize("a: [1\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not YAML or JSON: ");
    }
}
