package io.graylane.gateway.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graylane.consul.KvConfigWriter;
import io.graylane.gateway.admin.AdminAccess;
import io.graylane.gateway.admin.AdminServer;
import io.graylane.gateway.admin.ServingState;
import io.graylane.gateway.metrics.GatewayMetrics;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.rollback.ConfigHistory;
import io.graylane.gateway.rollback.ConfigOperations;
import io.graylane.gateway.run.ConfigRevision;
import io.graylane.gateway.run.ConsulEngineSource;
import io.graylane.testkit.demo.DemoUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static io.graylane.gateway.consul.ConsulWorld.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /config/history} and {@code POST /config/rollback} on a gateway over a Consul key, with a
 * bearer token: the rollback is a CAS write to the key, and a second gateway on the key converges too.
 */
class ConfigRollbackAdminTest {

    private static final String TOKEN = "admin-secret-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;
    @TempDir
    Path otherState;

    private final ConsulWorld world = new ConsulWorld();
    private final DemoUpstream web = world.upstream("web", "v1", "web-v1");
    private final KvConfigWriter writer = new KvConfigWriter(world.client, KEY, Clock.systemUTC());
    private final GatewayMetrics metrics = GatewayMetrics.withoutJvm();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String v1;
    private String v2;
    private long v1Index;
    private long v2Index;
    private ConfigHistory history;
    private ConfigHistory otherHistory;
    private ConfigOperations ops;
    private ConfigOperations otherOps;
    private AdminServer admin;

    private String config(String header) {
        return """
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                routes: [{pathPrefix: /web, service: web}]
                discovery: {static: {web: [{id: web-v1, address: 127.0.0.1, port: %d}]}}
                chain: [{id: h, type: header, config: {response: {set: {X-Config: %s}}}}]
                """.formatted(web.port(), header);
    }

    @BeforeEach
    void start() {
        v1 = config("one");
        v2 = config("two");
        v1Index = writer.write(v1, 0, "push", "v1", 20).index();
        v2Index = writer.write(v2, v1Index, "push", "v2", 20).index();
        history = new ConfigHistory();
        ConsulEngineSource source = world.keySource(state).revisions(history).build();
        GatewayServer gateway = world.serve(source);
        ops = ConfigOperations.start(history, source, gateway, metrics.registry(), Clock.systemUTC());
        ServingState serving = new ServingState(Clock.systemUTC());
        serving.serving(source.current());
        InetAddress loopback = InetAddress.getLoopbackAddress();
        admin = AdminServer.start(loopback, 0, AdminAccess.forBind(loopback, TOKEN), gateway, serving, () -> false, metrics);
        admin.rollbacks(ops.rollbacks());
        otherHistory = new ConfigHistory();
        ConsulEngineSource other = world.keySource(otherState).revisions(otherHistory).build();
        otherOps = ConfigOperations.start(otherHistory, other, world.serve(other), null, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        admin.close();
        ops.close();
        otherOps.close();
        world.close();
    }

    private HttpResponse<String> call(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> authorized(String method, String path, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + TOKEN;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return call(method, path, all);
    }

    @Test
    void historyListsTheVersionsSeenWithTheServingOneMarked() throws Exception {
        assertThat(call("GET", "/config/history").statusCode()).isEqualTo(401);

        HttpResponse<String> r = authorized("GET", "/config/history");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("current").asText()).startsWith(v2Index + "/");
        assertThat(body.get("origin").asText()).isEqualTo("consul:" + KEY);
        JsonNode first = body.get("entries").get(0);
        assertThat(first.get("modifyIndex").asLong()).isEqualTo(v2Index);
        assertThat(first.get("hash").asText()).isEqualTo(ConfigRevision.hashOf(v2));
        assertThat(first.get("source").asText()).isEqualTo("consul");
        assertThat(first.get("current").asBoolean()).isTrue();
        assertThat(JSON.readTree(authorized("GET", "/snapshot").body()).get("history").get(0).get("version").asText())
                .isEqualTo(first.get("version").asText());
    }

    @Test
    void aManualRollbackWritesTheVersionFromTheKvHistoryBackAndEveryGatewayConverges() throws Exception {
        // v1 went live before this gateway started: it is known from the key's history only.
        assertThat(history.find(Long.toString(v1Index))).isEmpty();

        HttpResponse<String> r = authorized("POST", "/config/rollback?to=" + v1Index);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("result").asText()).isEqualTo("written");
        long written = body.get("index").asLong();
        assertThat(world.consul.kv().get(KEY)).hasValue(v1);
        assertThat(world.consul.kv().modifyIndex(KEY)).isEqualTo(written);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.current().modifyIndex() == written
                && otherHistory.current().modifyIndex() == written);
        assertThat(ops.rollbacks().count("manual")).isEqualTo(1);
        assertThat(metrics.scrapeText()).contains("graylane_config_rollbacks_total{reason=\"manual\"} 1.0");
        assertThat(writer.history().get(written)).hasValueSatisfying(e -> assertThat(e.source()).isEqualTo("rollback"));
    }

    @Test
    void aRollbackNeedsTheTokenAPostAVersionAndNoBrowserOrigin() throws Exception {
        assertThat(call("POST", "/config/rollback?to=" + v1Index).statusCode()).isEqualTo(401);
        assertThat(authorized("GET", "/config/rollback?to=" + v1Index).statusCode()).isEqualTo(405);
        HttpResponse<String> missing = authorized("POST", "/config/rollback");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("to: missing (expected: ?to=VERSION");
        HttpResponse<String> unknown = authorized("POST", "/config/rollback?to=99999");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("to: 99999 (expected: a version from the history: " + v2Index + "/");
        HttpResponse<String> browser = authorized("POST", "/config/rollback?to=" + v1Index, "Origin", "https://evil.example");
        assertThat(browser.statusCode()).isEqualTo(403);

        assertThat(world.consul.kv().modifyIndex(KEY)).isEqualTo(v2Index);
        assertThat(ops.rollbacks().count("manual")).isZero();
    }

    @Test
    void rollingBackToTheLiveVersionChangesNothing() throws Exception {
        HttpResponse<String> r = authorized("POST", "/config/rollback?to=" + v2Index);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("result").asText()).isEqualTo("unchanged");
        assertThat(world.consul.kv().modifyIndex(KEY)).isEqualTo(v2Index);
    }
}
