package io.graylane.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graylane.gateway.cli.GraylaneCli;
import io.graylane.gateway.metrics.MetricsWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API's endpoints over a real gateway, on loopback without a token. */
class AdminServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static MetricsWorld world;

    @BeforeAll
    static void start() {
        world = new MetricsWorld();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void healthSaysUp() throws Exception {
        HttpResponse<String> r = world.admin("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("up");
    }

    @Test
    void readyIs200WhileASnapshotServesAndTheProxyAccepts() throws Exception {
        HttpResponse<String> r = world.admin("/ready");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void snapshotShowsVersionOriginLanesRoutesAndInstancesPerLane() throws Exception {
        Instant before = world.state.current().loadedAt();

        JsonNode s = json(world.admin("/snapshot"));

        assertThat(s.get("version").asText()).isEqualTo("version-1");
        assertThat(s.get("origin").asText()).isEqualTo("test.yaml");
        assertThat(Instant.parse(s.get("loadedAt").asText())).isEqualTo(before);
        assertThat(s.get("lastKnownGood").asBoolean()).isFalse();
        assertThat(s.get("lanes")).extracting(l -> l.get("name").asText()).containsExactly("stable", "canary");
        assertThat(s.get("rules").asInt()).isEqualTo(1);
        assertThat(s.get("routes").get(0).get("name").asText()).isEqualTo("web");
        JsonNode web = s.get("services").get("web");
        assertThat(web.get("instances").asInt()).isEqualTo(2);
        assertThat(web.get("lanes").get("canary").get("instances").asInt()).isEqualTo(1);
        assertThat(web.get("lanes").get("canary").get("servedLane").asText()).isEqualTo("canary");
    }

    @Test
    void chainListsEntriesInFlightAndTypes() throws Exception {
        JsonNode c = json(world.admin("/chain"));

        assertThat(c.get("entries")).extracting(e -> e.get("id").asText() + ":" + e.get("type").asText()
                + ":" + e.get("enabled").asBoolean()).containsExactly("m:metrics:true", "safety:recover:true");
        assertThat(c.get("active")).extracting(JsonNode::asText).containsExactly("m", "safety");
        assertThat(c.get("passesThrough").asBoolean()).isFalse(); // metrics counts every request
        assertThat(c.get("inFlight").asInt()).isZero();
        assertThat(c.get("types")).extracting(JsonNode::asText).contains("metrics", "recover");
    }

    @Test
    void explainByGetAndPostEqualsTheCliJsonForTheSameRequest(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("test.yaml");
        Files.writeString(config, world.yaml("[{id: m, type: metrics}, {id: safety, type: recover}]"));
        StringWriter out = new StringWriter();
        CommandLine cli = GraylaneCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute("explain", "--config", config.toString(), "--json", "--seed", "7",
                "-H", "X-User-Group: beta", "--path", "/web/x?a=1", "--client-ip", "10.0.0.1");
        assertThat(code).isZero();

        HttpResponse<String> get = world.admin("/explain?seed=7&header=X-User-Group:%20beta&path=%2Fweb%2Fx%3Fa%3D1"
                + "&client-ip=10.0.0.1");
        HttpResponse<String> post = world.adminSend("POST", "/explain", """
                {"seed": 7, "header": ["X-User-Group: beta"], "path": "/web/x?a=1", "client-ip": "10.0.0.1"}""");

        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
        JsonNode expected = JSON.readTree(out.toString());
        assertThat(expected.get("lane").asText()).isEqualTo("canary");
        assertThat(json(get)).isEqualTo(expected);
        assertThat(json(post)).isEqualTo(expected);
    }

    @Test
    void explainWithABadParameterIs400NamingIt() throws Exception {
        HttpResponse<String> r = world.admin("/explain?colour=blue");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).contains("colour");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        HttpResponse<String> missing = world.admin("/nope");
        HttpResponse<String> wrong = world.adminSend("DELETE", "/health", "");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).contains("/nope");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).hasValue("GET");
        assertThat(json(wrong).has("error")).isTrue();
    }
}
