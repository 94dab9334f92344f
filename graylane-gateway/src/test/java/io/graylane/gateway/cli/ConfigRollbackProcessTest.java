package io.graylane.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graylane.consul.ConsulClient;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.KvConfigWriter;
import io.graylane.gateway.proxy.TestConfigs;
import io.graylane.testkit.consul.ConsulSimulator;
import io.graylane.testkit.demo.DemoUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code graylane gateway --consul-key} as a real process: a version that fails after it went live is
 * rolled back by the gateway itself (a CAS write to the key), counted in {@code /metrics} and marked in
 * {@code /config/history}; the admin API rolls back by hand.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ConfigRollbackProcessTest {

    private static final String KEY = "graylane/config";
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ConsulSimulator sim = ConsulSimulator.start();
    private final DemoUpstream web = DemoUpstream.builder("web", "v1").start();
    private final KvConfigWriter writer = new KvConfigWriter(ConsulClient.create(ConsulClientConfig.builder()
            .environment(Map.<String, String>of()::get).address(sim.address()).build()), KEY, Clock.systemUTC());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private CliProcessTest.Cli cli;

    @AfterEach
    void cleanUp() {
        if (cli != null) {
            cli.process().destroyForcibly();
        }
        web.close();
        sim.close();
    }

    private static String config(int port) {
        return """
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                routes: [{pathPrefix: /web, service: web}]
                discovery: {static: {web: [{id: web-1, address: 127.0.0.1, port: %d}]}}
                rollback: {auto: {enabled: true, window: 30s, minRequests: 20, margin: 0.05}}
                """.formatted(port);
    }

    private HttpResponse<String> send(URI uri, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFailingVersionIsRolledBackByTheGatewayProcessAndByHandFromItsAdminApi() throws Exception {
        String good = config(web.port());
        String bad = config(TestConfigs.freePort()); // nothing listens there: every request is a 502
        long goodIndex = writer.write(good, 0, "push", "good", 20).index();
        cli = CliProcessTest.Cli.start("gateway", "--consul-key", KEY, "--consul-addr", sim.address().toString(),
                "--state-dir", dir.resolve("state").toString(), "--port", "0", "--admin-port", "0", "--event-loops", "1");
        URI gateway = URI.create("http://127.0.0.1:" + cli.awaitErr(CliProcessTest.LISTENING).group(1) + "/web");
        URI admin = URI.create(cli.awaitErr(CliProcessTest.ADMIN).group(1));
        for (int i = 0; i < 30; i++) {
            assertThat(send(gateway, "GET").statusCode()).isEqualTo(200);
        }

        long badIndex = writer.write(bad, goodIndex, "push", "bad", 20).index();
        await().atMost(BOUND).until(() -> send(gateway, "GET").statusCode() == 502);
        AtomicInteger sent = new AtomicInteger();
        await().atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (int i = 0; i < 10 && sent.get() < 400; i++, sent.incrementAndGet()) {
                send(gateway, "GET");
            }
            return sim.kv().get(KEY).orElse("").equals(good);
        });

        long rolledBack = sim.kv().modifyIndex(KEY);
        cli.awaitErr(Pattern.compile("automatic rollback: version " + badIndex + "/[0-9a-f]{8} answered .* errors"
                + " .* rolling back to version " + goodIndex + "/"));
        await().atMost(BOUND).until(() -> send(gateway, "GET").statusCode() == 200);
        await().atMost(BOUND).until(() -> send(admin.resolve("/metrics"), "GET").body()
                .contains("graylane_config_rollbacks_total{reason=\"auto\"} 1.0"));
        JsonNode history = JSON.readTree(send(admin.resolve("/config/history"), "GET").body());
        assertThat(history.get("current").asText()).startsWith(rolledBack + "/");
        assertThat(history.get("entries").get(1).get("modifyIndex").asLong()).isEqualTo(badIndex);
        assertThat(history.get("entries").get(1).get("rolledBackAsBad").asText()).contains("errors");

        // By hand: back to the bad version (a deliberate, newer write).
        HttpResponse<String> manual = send(admin.resolve("/config/rollback?to=" + badIndex), "POST");
        assertThat(manual.statusCode()).as(manual.body()).isEqualTo(200);
        assertThat(JSON.readTree(manual.body()).get("result").asText()).isEqualTo("written");
        assertThat(sim.kv().get(KEY)).hasValue(bad);
        await().atMost(BOUND).until(() -> send(gateway, "GET").statusCode() == 502);
    }
}
