package io.graylane.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The gateway command's checks, before it serves (serving is covered by {@link CliProcessTest}). */
class GatewayCommandTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void helpDescribesEveryOption() {
        CliRun run = CliRun.of("gateway", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--config=FILE", "--port=PORT", "--bind=IP", "--debug-header",
                "--shutdown-timeout=DURATION", "--event-loops=N", "--watch-interval=DURATION", "SIGHUP",
                "--connect-timeout=DURATION", "--response-header-timeout=DURATION", "--client-idle-timeout=DURATION",
                "--upstream-idle-timeout=DURATION", "--max-header-size=BYTES", "--max-request-line=BYTES",
                "--max-idle-per-upstream=N", "--h2-max-concurrent-streams=N", "--h2-max-streams-per-upstream=N",
                "--chain-drain-deadline=DURATION", "--transport=NAME");
    }

    @Test
    void topLevelHelpListsGateway() {
        assertThat(CliRun.of("--help").out()).contains("gateway     Run the gateway over a config file");
    }

    @Test
    void theConfigOptionIsRequired() {
        CliRun run = CliRun.of("gateway");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void aConfigFileThatDoesNotExistIsNamed() {
        Path missing = dir.resolve("nope.yaml");

        CliRun run = run("gateway", "--config", missing.toString(), "--port", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("graylane gateway: --config: " + missing + ": no such file\n");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--port             | 70000 | --port: 70000 (expected: 0..65535)",
            "--bind             | localhost | --bind: localhost (expected: an IPv4 or IPv6 address such as 127.0.0.1 or 0.0.0.0)",
            "--event-loops      | 0     | --event-loops: 0 (expected: 1..1024)",
            "--transport        | uring | --transport: uring (expected: one of auto, io_uring, epoll, nio)",
            "--shutdown-timeout | soon  | --shutdown-timeout: soon (expected: a duration such as 30s, 500ms or 1m30s)",
            "--shutdown-timeout | -1s   | --shutdown-timeout: -1s (expected: a duration such as 30s, 500ms or 1m30s)",
            "--watch-interval   | 5ms   | --watch-interval: 5ms (expected: 0 or at least 10ms)",
            "--connect-timeout  | soon  | --connect-timeout: soon (expected: a duration such as 30s, 500ms or 1m30s)",
            "--connect-timeout  | 0     | --connect-timeout: 0s (expected: > 0)",
            "--chain-drain-deadline | 0 | --chain-drain-deadline: 0s (expected: > 0)",
            "--max-header-size  | 100   | --max-header-size: 100 (expected: 1024..1048576)",
            "--max-request-line | 100   | --max-request-line: 100 (expected: 256..1048576)",
            "--max-idle-per-upstream | -1 | --max-idle-per-upstream: -1 (expected: 0..100000)",
            "--h2-max-concurrent-streams | 0 | --h2-max-concurrent-streams: 0 (expected: 1..10000)",
            "--h2-max-streams-per-upstream | 20000 | --h2-max-streams-per-upstream: 20000 (expected: 1..10000)"})
    void aBadOptionIsAUsageErrorNamingIt(String option, String value, String message) throws Exception {
        Path config = validConfig();

        CliRun run = option.equals("--port")
                ? run("gateway", "--config", config.toString(), option, value)
                : run("gateway", "--config", config.toString(), "--port", "0", option, value);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("graylane gateway: " + message + "\n");
    }

    @Test
    void anInvalidConfigIsReportedLikeValidateAndExits1() throws Exception {
        Path config = dir.resolve("broken.yaml");
        Files.writeString(config, "version: 1\nlanes:\n  stable: {}\ncoloring:\n  defaultLane: stabel\n");

        CliRun run = run("gateway", "--config", config.toString(), "--port", "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(config + ":5:3: coloring.defaultLane: \"stabel\" (expected: a declared lane: stable")
                .endsWith(config + ": 1 error\n");
    }

    @Test
    void aPortInUseIsAUsageErrorNamingIt() throws Exception {
        Path config = validConfig();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            CliRun run = run("gateway", "--config", config.toString(), "--port", String.valueOf(port));

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith("graylane gateway: --port: " + port + " on 127.0.0.1 is in use (bind 127.0.0.1:" + port);
        }
    }

    /** A command that unexpectedly started serving would never return: fail instead of hanging. */
    private static CliRun run(String... args) {
        return assertTimeoutPreemptively(BOUND, () -> CliRun.of(args));
    }

    private Path validConfig() throws Exception {
        Path config = dir.resolve("graylane.yaml");
        Files.writeString(config, """
                version: 1
                lanes:
                  stable: {selector: {version: v1}}
                coloring:
                  defaultLane: stable
                routes:
                  - {name: web, pathPrefix: /, service: web}
                discovery:
                  static:
                    web:
                      - {id: web-v1, address: 127.0.0.1, port: 9, tags: [version=v1]}
                """);
        return config;
    }
}
