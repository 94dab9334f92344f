package io.graylane.gateway.cli;

import io.graylane.testkit.demo.DemoReply;
import io.graylane.testkit.demo.DemoUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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

/**
 * {@code graylane gateway} and {@code graylane demo} as real processes: signals (SIGHUP reloads,
 * SIGTERM drains and stops) only exist there. Every wait is bounded; a process left over is killed.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class CliProcessTest {

    private static final Duration START = Duration.ofSeconds(30);
    /** The gateway's log line saying where it serves; group 1 is the port. Shared by the process tests. */
    static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    /** The gateway's log line naming its admin API; group 1 is the base URI. */
    static final Pattern ADMIN = Pattern.compile("admin API (http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern DEMO_GATEWAY = Pattern.compile("gateway on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<DemoUpstream> upstreams = new ArrayList<>();
    private Cli cli;

    @AfterEach
    void cleanUp() {
        if (cli != null) {
            cli.process.destroyForcibly();
        }
        upstreams.forEach(DemoUpstream::close);
    }

    @Test
    void theGatewayReloadsOnSighupAndDrainsOnSigterm() throws Exception {
        DemoUpstream v1 = upstream("v1");
        DemoUpstream v2 = upstream("v2");
        Path config = dir.resolve("graylane.yaml");
        Files.writeString(config, config("stable", v1, v2));
        // Polling off: only the signal can reload.
        cli = Cli.start("gateway", "--config", config.toString(), "--port", "0", "--admin-port", "0", "--watch-interval", "0",
                "--debug-header", "--event-loops", "1");
        URI gateway = URI.create("http://127.0.0.1:" + cli.awaitErr(LISTENING).group(1));
        cli.awaitErr(Pattern.compile("serving " + Pattern.quote(config.toString()) + " version [0-9a-f]{12} .*reloads on SIGHUP"));
        assertThat(servedBy(gateway)).isEqualTo("web v1");
        // No chain in the config: the gateway records the request metrics itself.
        URI admin = URI.create(cli.awaitErr(ADMIN).group(1));
        await().atMost(START).untilAsserted(() -> assertThat(get(admin.resolve("/metrics"))).contains(
                "graylane_requests_total{fallback=\"false\",lane=\"stable\",route=\"web\",served_lane=\"stable\","
                        + "service=\"web\",status_class=\"2xx\"} 1.0"));

        Files.writeString(config, config("canary", v1, v2));
        signal(cli.process, "HUP");

        await().atMost(START).untilAsserted(() -> assertThat(servedBy(gateway)).isEqualTo("web v2"));
        cli.awaitErr(Pattern.compile("reloaded, version [0-9a-f]{12} -> [0-9a-f]{12}"));
        await().atMost(START).untilAsserted(() -> assertThat(get(admin.resolve("/metrics")))
                .contains("graylane_config_reloads_total{result=\"applied\"} 1.0"));

        signal(cli.process, "HUP");   // the same text again
        await().atMost(START).untilAsserted(() -> assertThat(get(admin.resolve("/metrics")))
                .contains("graylane_config_reloads_total{result=\"unchanged\"} 1.0"));

        Files.writeString(config, config("nowhere", v1, v2));   // defaultLane names no lane: invalid
        signal(cli.process, "HUP");
        await().atMost(START).untilAsserted(() -> assertThat(get(admin.resolve("/metrics")))
                .contains("graylane_config_reloads_total{result=\"rejected\"} 1.0"));
        assertThat(servedBy(gateway)).isEqualTo("web v2");

        signal(cli.process, "TERM");   // not Process.destroy(): it also closes the pipes we read the output from
        assertThat(cli.awaitExit()).isEqualTo(143);
        assertThat(cli.err()).contains("stopping: no new connections; requests in flight get up to 30s",
                "stopped: every request in flight finished");
    }

    @Test
    void theTimeoutOptionsReachTheProxy() throws Exception {
        // An upstream that takes connections and never answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path config = dir.resolve("graylane.yaml");
            Files.writeString(config, """
                    version: 1
                    lanes:
                      stable: {}
                    coloring:
                      defaultLane: stable
                    routes:
                      - {name: web, pathPrefix: /web, service: web}
                    discovery:
                      static:
                        web:
                          - {id: web-1, address: 127.0.0.1, port: %d}
                    """.formatted(silent.getLocalPort()));
            cli = Cli.start("gateway", "--config", config.toString(), "--port", "0", "--event-loops", "1",
                    "--response-header-timeout", "300ms", "--connect-timeout", "1s");
            URI gateway = URI.create("http://127.0.0.1:" + cli.awaitErr(LISTENING).group(1));

            long start = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(gateway.resolve("/web")).timeout(Duration.ofSeconds(20))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(r.body()).contains("no response headers within 300 ms");
            assertThat(took).isLessThan(Duration.ofSeconds(10)); // the default would wait 30 s
            held.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            });
        }
    }

    @Test
    void theDemoServesWhatItPrintsAndStopsOnSigterm() throws Exception {
        cli = Cli.start("demo", "--port", "0", "--admin-port", "0", "--upstream-ports", "0");
        URI gateway = URI.create(cli.awaitOut(DEMO_GATEWAY).group(1));
        cli.awaitOut(Pattern.compile("Ctrl-C stops the demo"));

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gateway.resolve("/frontend"))
                .header("X-User-Group", "beta").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(DemoReply.parse(r.body()).chain()).isEqualTo("frontend v2 → orders v1 (fallback: canary: no instances)");
        assertThat(cli.out()).contains("curl -s -H 'X-User-Group: beta' " + gateway + "/frontend");

        signal(cli.process, "TERM");   // not Process.destroy(): it also closes the pipes we read the output from
        assertThat(cli.awaitExit()).isEqualTo(143);
        assertThat(cli.err()).contains("stopping the demo");
    }

    private DemoUpstream upstream(String version) {
        DemoUpstream u = DemoUpstream.builder("web", version).start();
        upstreams.add(u);
        return u;
    }

    private String get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    private String servedBy(URI gateway) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gateway.resolve("/web")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return DemoReply.parse(r.body()).chain();
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
    }

    private static String config(String defaultLane, DemoUpstream v1, DemoUpstream v2) {
        return """
                version: 1
                lanes:
                  stable: {selector: {version: v1}}
                  canary: {selector: {version: v2}, fallback: stable}
                coloring:
                  defaultLane: %s
                routes:
                  - {name: web, pathPrefix: /web, service: web}
                discovery:
                  static:
                    web:
                      - {id: web-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                      - {id: web-v2, address: 127.0.0.1, port: %d, tags: [version=v2]}
                """.formatted(defaultLane, v1.port(), v2.port());
    }

    /** A {@code graylane} JVM on the test class path, its output collected line by line. */
    record Cli(Process process, List<String> outLines, List<String> errLines, List<Thread> pumps) {

        static Cli start(String... args) throws IOException {
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/env")) && envCanResetSignals()) {
                // A test run under nohup hands the child an ignored SIGHUP, which a JVM cannot take back.
                command.addAll(List.of("/usr/bin/env", "--default-signal=HUP"));
            }
            command.addAll(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    GraylaneCli.class.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).start();
            Cli cli = new Cli(p, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(), new ArrayList<>());
            cli.pumps.add(pump(p.getInputStream(), cli.outLines, "out"));
            cli.pumps.add(pump(p.getErrorStream(), cli.errLines, "err"));
            return cli;
        }

        private static boolean envCanResetSignals() {
            try {
                Process p = new ProcessBuilder("/usr/bin/env", "--default-signal=HUP", "true").start();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Waits for the process to exit and its output to be read; returns the exit code. */
        int awaitExit() throws InterruptedException {
            assertThat(process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("the process exited").isTrue();
            for (Thread t : pumps) {
                t.join(START.toMillis());
            }
            return process.exitValue();
        }

        Matcher awaitOut(Pattern pattern) {
            return awaitLine(outLines, pattern);
        }

        Matcher awaitErr(Pattern pattern) {
            return awaitLine(errLines, pattern);
        }

        String out() {
            return String.join("\n", outLines);
        }

        String err() {
            return String.join("\n", errLines);
        }

        private Matcher awaitLine(List<String> lines, Pattern pattern) {
            Matcher[] found = new Matcher[1];
            await().atMost(START).failFast("the process exited", () -> !process.isAlive() && find(lines, pattern) == null)
                    .until(() -> (found[0] = find(lines, pattern)) != null);
            return found[0];
        }

        private static Matcher find(List<String> lines, Pattern pattern) {
            for (String line : lines) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            return null;
        }

        private static Thread pump(java.io.InputStream in, List<String> lines, String name) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // The process is gone.
                }
            }, "cli-" + name);
            t.setDaemon(true);
            t.start();
            return t;
        }
    }
}
