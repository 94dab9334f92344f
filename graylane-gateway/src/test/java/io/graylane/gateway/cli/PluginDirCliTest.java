package io.graylane.gateway.cli;

import io.graylane.gateway.plugin.TestPlugins;
import io.graylane.testkit.demo.DemoUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code --plugin-dir} of {@code gateway} (a real process: a new jar version goes live without a restart) and of {@code validate}. */
class PluginDirCliTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private DemoUpstream web;
    private Process process;

    @AfterEach
    void cleanUp() {
        if (process != null) {
            process.destroyForcibly();
        }
        if (web != null) {
            web.close();
        }
    }

    private Path config(int port) throws IOException {
        Path config = dir.resolve("graylane.yaml");
        Files.writeString(config, """
                version: 1
                lanes:
                  stable: {selector: {version: v1}}
                coloring: {defaultLane: stable, rules: []}
                routes:
                  - {name: web, pathPrefix: /web, service: web}
                discovery:
                  static:
                    web:
                      - {id: web-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                chain:
                  - {id: safety, type: recover}
                  - {id: stamp, type: acme.stamp}
                """.formatted(port));
        return config;
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void theGatewayPicksUpANewPluginVersionWithoutARestartAndRefusesABadJar() throws Exception {
        web = DemoUpstream.builder("web", "v1").start();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path v2 = TestPlugins.stamp(dir.resolve("build/stamp-2.0.jar"), "acme.stamp", "2.0", "ok");
        TestPlugins.stamp(plugins.resolve("stamp.jar"), "acme.stamp", "1.0", "ok");
        Path config = config(web.port());
        List<String> err = new CopyOnWriteArrayList<>();
        process = start(err, "gateway", "--config", config.toString(), "--port", "0", "--admin-port", "0",
                "--event-loops", "1", "--watch-interval", "100ms", "--plugin-dir", plugins.toString());
        URI gateway = URI.create("http://127.0.0.1:" + awaitLine(err, CliProcessTest.LISTENING).group(1));
        URI admin = URI.create(awaitLine(err, CliProcessTest.ADMIN).group(1));
        assertThat(stamp(gateway)).isEqualTo("1.0");

        TestPlugins.install(v2, plugins, "stamp.jar");

        await().atMost(BOUND).untilAsserted(() -> assertThat(stamp(gateway)).isEqualTo("2.0"));
        assertThat(get(admin.resolve("/chain"))).contains("\"version\" : \"2.0\"", "\"lastRejection\" : null");

        Files.writeString(plugins.resolve("junk.jar"), "not a jar");
        await().atMost(BOUND).untilAsserted(() -> assertThat(get(admin.resolve("/chain"))).contains("plugins: junk.jar: "));
        assertThat(stamp(gateway)).isEqualTo("2.0");
        assertThat(get(admin.resolve("/metrics"))).contains("graylane_chain_rejections_total 1.0");

        new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
    }

    @Test
    void validateKnowsPluginTypesOnlyWithThePluginDir() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        TestPlugins.stamp(plugins.resolve("stamp-1.0.jar"), "acme.stamp", "1.0", "ok");
        Path config = config(8081);

        CliRun without = CliRun.of("validate", config.toString());
        CliRun with = CliRun.of("validate", "--plugin-dir", plugins.toString(), config.toString());
        Files.writeString(plugins.resolve("junk.jar"), "not a jar");
        CliRun broken = CliRun.of("validate", "--plugin-dir", plugins.toString(), config.toString());

        assertThat(without.exitCode()).isEqualTo(1);
        assertThat(without.err()).contains("chain[1].type: unknown middleware type \"acme.stamp\"");
        assertThat(with.exitCode()).isZero();
        assertThat(with.out()).isEqualTo(config + ": ok\n");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).startsWith("--plugin-dir " + plugins + ": plugins: junk.jar: ");
    }

    @Test
    void aPluginDirThatDoesNotExistOrABadTimeoutIsAUsageError() throws Exception {
        Path config = config(8081);
        Path missing = dir.resolve("nope");

        CliRun noDir = CliRun.of("gateway", "--config", config.toString(), "--port", "0", "--admin-port", "-1",
                "--plugin-dir", missing.toString());
        CliRun badTimeout = CliRun.of("gateway", "--config", config.toString(), "--port", "0", "--admin-port", "-1",
                "--plugin-timeout", "soon");

        assertThat(noDir.exitCode()).isEqualTo(2);
        assertThat(noDir.err()).isEqualTo("graylane gateway: --plugin-dir: " + missing + ": no such directory\n");
        assertThat(badTimeout.exitCode()).isEqualTo(2);
        assertThat(badTimeout.err()).isEqualTo("graylane gateway: --plugin-timeout: soon (expected: a duration such as 30s, 500ms or 1m30s)\n");
        assertThat(CliRun.of("gateway", "--help").out()).contains("--plugin-dir=DIR", "--plugin-timeout=DURATION");
    }

    private String stamp(URI gateway) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gateway.resolve("/web")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.headers().firstValue("X-Stamp").orElse("none");
    }

    private String get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    /** A {@code graylane} JVM on the test class path; its stderr lines collected into {@code err}. */
    private static Process start(List<String> err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                GraylaneCli.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    err.add(line);
                }
            } catch (IOException e) {
                // The process is gone.
            }
        }, "plugin-cli-err");
        pump.setDaemon(true);
        pump.start();
        return p;
    }

    private Matcher awaitLine(List<String> lines, Pattern pattern) {
        Matcher[] found = new Matcher[1];
        await().atMost(BOUND).failFast("the gateway exited: " + lines, () -> !process.isAlive())
                .until(() -> {
                    for (String line : lines) {
                        Matcher m = pattern.matcher(line);
                        if (m.find()) {
                            found[0] = m;
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }
}
