package io.graylane.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {

    static final Path EXAMPLES = Path.of("..", "docs", "examples");

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> list = files.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
            assertThat(list).isNotEmpty();
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyDocumentedExampleIsValid(Path example) {
        CliRun run = CliRun.of("validate", example.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(example + ": ok");
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of("defaultLane: stable", "defaultLane: stabel",
                        "coloring.defaultLane: \"stabel\""),
                Arguments.of("fallback: stable", "fallback: nowhere",
                        "lanes.canary.fallback: \"nowhere\""),
                Arguments.of("equals: beta", "regex: \"(beta\"",
                        "coloring.rules[0].when.header.regex"),
                Arguments.of("percent: 5", "percent: 105",
                        "coloring.rules[1].when.sticky.percent: 105"),
                Arguments.of("127.0.0.1/32", "127.0.0.1/33",
                        "trust.trustedCidrs[0]"),
                Arguments.of("port: 18081", "port: 0",
                        "discovery.static.frontend[0].port: 0"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("breakages")
    void aBrokenCopyOfTheDemoFailsWithAPathNamedError(String from, String to, String expectedPath,
                                                     @TempDir Path dir) throws IOException {
        String demo = Files.readString(EXAMPLES.resolve("demo.yaml"));
        assertThat(demo).contains(from);
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, demo.replaceFirst(java.util.regex.Pattern.quote(from), to));

        CliRun run = CliRun.of("validate", broken.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(broken + ":").contains(expectedPath);
    }

    @Test
    void everyErrorOfEveryFileIsReportedAndOneBadFileFailsTheRun(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                lanes:
                  stable: {}
                  canary: {fallback: nope}
                coloring:
                  defaultLane: stabel
                  rules:
                    - {lane: canary, when: {clientCidr: 10.0.0.0/99}}
                """);

        CliRun run = CliRun.of("validate", EXAMPLES.resolve("minimal.yaml").toString(), bad.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("minimal.yaml: ok");
        assertThat(run.err()).contains("lanes.canary.fallback", "coloring.defaultLane",
                "coloring.rules[0].when.clientCidr", bad + ": 3 errors");
    }

    @Test
    void aChainEntryWhoseConfigTheMiddlewareRefusesIsReportedWithFileAndPath(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("chain.yaml");
        Files.writeString(config, """
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                chain:
                  - {id: safety, type: recover}
                  - {id: limit, type: rate-limit, config: {rate: fast}}
                  - {id: dormant, type: timeout, enabled: false, config: {duration: nonsense}}
                  - {id: slow, type: timeout, config: {duration: 1s, rotues: [web]}}
                  - {id: mystery, type: jwt}
                """);

        CliRun run = CliRun.of("validate", config.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).doesNotContain(": ok");
        assertThat(run.err()).contains(
                config + ": chain[1].config.rate: \"fast\" (expected: a rate above 0 such as 100/s, 600/m or 1000/h)",
                config + ": chain[3].config.rotues: unknown key (expected one of: duration, routes)",
                config + ": chain[4].type: unknown middleware type \"jwt\" (known types: ",
                config + ": 3 errors");
        assertThat(run.err()).doesNotContain("chain[2]").doesNotContain("chain[0]");
    }

    @Test
    void aChainThatBuildsIsValid(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("chain.yaml");
        Files.writeString(config, """
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                chain:
                  - {id: metrics, type: metrics}
                  - {id: safety, type: recover}
                  - {id: limit, type: rate-limit, config: {rate: 100/s}}
                  - {id: slow, type: timeout, config: {duration: 2s}}
                """);

        CliRun run = CliRun.of("validate", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(config + ": ok");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        CliRun run = CliRun.of("validate", dir.resolve("nope.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nope.yaml: no such file");
    }

    @Test
    void validateWithoutFilesIsAUsageError() {
        CliRun run = CliRun.of("validate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter");
    }
}
