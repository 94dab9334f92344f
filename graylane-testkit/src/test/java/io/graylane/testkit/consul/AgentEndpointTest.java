package io.graylane.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentEndpointTest {

    private ConsulSimulator sim;
    private ConsulHttp http;

    @BeforeEach
    void start() {
        sim = ConsulSimulator.start();
        http = new ConsulHttp(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void registerDefaultsTheIdToTheNameAndWeightsToOneAndATtlCheckStartsCritical() throws IOException {
        HttpResponse<String> r = http.put("/v1/agent/service/register",
                "{\"Name\":\"redis\",\"Tags\":[\"primary\"],\"Port\":8000,\"Meta\":{\"redis_version\":\"4.0\"},"
                        + "\"Check\":{\"TTL\":\"10s\"}}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode entry = ConsulHttp.json(http.get("/v1/health/service/redis")).get(0);
        assertThat(entry.get("Service").get("ID").asText()).isEqualTo("redis");
        assertThat(entry.get("Service").get("Weights").toString()).isEqualTo("{\"Passing\":1,\"Warning\":1}");
        assertThat(entry.get("Service").get("Address").asText()).isEmpty();
        assertThat(entry.get("Node").get("Node").asText()).isEqualTo("sim-node");
        JsonNode check = entry.get("Checks").get(0);
        assertThat(check.get("CheckID").asText()).isEqualTo("service:redis");
        assertThat(check.get("Name").asText()).isEqualTo("Service 'redis' check");
        assertThat(check.get("Status").asText()).isEqualTo("critical");
        assertThat(check.get("ServiceTags").toString()).isEqualTo("[\"primary\"]");
    }

    @Test
    void severalChecksAreNumberedAndAnInitialStatusIsKept() throws IOException {
        http.put("/v1/agent/service/register", "{\"ID\":\"api-1\",\"Name\":\"api\",\"Checks\":["
                + "{\"TTL\":\"10s\",\"Status\":\"passing\"},{\"HTTP\":\"http://x/health\",\"Interval\":\"5s\",\"Status\":\"warning\"}]}");

        JsonNode checks = ConsulHttp.json(http.get("/v1/health/service/api")).get(0).get("Checks");

        assertThat(checks.findValuesAsText("CheckID")).containsExactly("service:api-1:1", "service:api-1:2", "serfHealth");
        assertThat(checks.findValuesAsText("Status")).containsExactly("passing", "warning", "passing");
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "PUT | /v1/agent/service/register | {\"Tags\":[\"x\"]} | 400 | `Missing service name`",
            "PUT | /v1/agent/service/register | {nope | 400 | `Request decode failed: `",
            "PUT | /v1/agent/service/register | {\"Name\":\"a\",\"Check\":{\"Interval\":\"5s\"}} | 400 | `Invalid check: TTL must be > 0 for TTL checks`",
            "PUT | /v1/agent/service/deregister/ghost | '' | 404 | `Unknown service ID \"ghost\". Ensure that the service ID is passed, not the service name.`",
            "PUT | /v1/agent/check/pass/ghost | '' | 404 | `Unknown check ID \"ghost\". Ensure that the check ID is passed, not the check name.`",
            "PUT | /v1/agent/check/fail/ghost?note=x | '' | 404 | `Unknown check ID \"ghost\". Ensure that the check ID is passed, not the check name.`",
            "GET | /v1/agent/service/register | '' | 405 | `method GET not allowed`",
            "PUT | /v1/agent/maintenance | '' | 400 | `Missing value for enable`",
    })
    void agentErrorsAnswerConsulsTexts(String method, String path, String body, int status, String text) throws IOException {
        HttpResponse<String> r = method.equals("GET") ? http.get(path) : http.put(path, body.equals("''") ? "" : body);

        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).startsWith(text);
    }

    @Test
    void passWarnAndFailSetTheStatusAndTheNoteBecomesTheOutput() throws IOException {
        http.put("/v1/agent/service/register", "{\"Name\":\"w\",\"Check\":{\"TTL\":\"30s\"}}");

        for (String[] step : new String[][] {{"pass", "passing"}, {"warn", "warning"}, {"fail", "critical"}}) {
            assertThat(http.put("/v1/agent/check/" + step[0] + "/service:w?note=all+good", "").statusCode()).isEqualTo(200);
            JsonNode check = ConsulHttp.json(http.get("/v1/health/service/w")).get(0).get("Checks").get(0);
            assertThat(check.get("Status").asText()).isEqualTo(step[1]);
            assertThat(check.get("Output").asText()).isEqualTo("all good");
        }
    }

    @Test
    void aTtlCheckNotRefreshedInTimeTurnsCritical() throws IOException {
        http.put("/v1/agent/service/register", "{\"Name\":\"ttl\",\"Check\":{\"TTL\":\"300ms\"}}");
        http.put("/v1/agent/check/pass/service:ttl?note=ok", "");
        assertThat(ConsulHttp.json(http.get("/v1/health/service/ttl?passing"))).hasSize(1);

        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(ConsulHttp.json(http.get("/v1/health/service/ttl?passing"))).isEmpty());

        JsonNode check = ConsulHttp.json(http.get("/v1/health/service/ttl")).get(0).get("Checks").get(0);
        assertThat(check.get("Status").asText()).isEqualTo("critical");
        assertThat(check.get("Output").asText()).isEqualTo("TTL expired (last output before timeout follows): ok");
    }

    @Test
    void refreshingATtlCheckKeepsItPassing() throws IOException {
        http.put("/v1/agent/service/register", "{\"Name\":\"hb\",\"Check\":{\"TTL\":\"400ms\",\"Status\":\"passing\"}}");

        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    http.put("/v1/agent/check/pass/service:hb", "");
                    return ConsulHttp.json(http.get("/v1/health/service/hb?passing")).size() == 1;
                });
    }

    @Test
    void heartbeatsThatChangeNothingDoNotRaiseTheIndex() throws IOException {
        http.put("/v1/agent/service/register", "{\"Name\":\"quiet\",\"Check\":{\"TTL\":\"30s\"}}");
        http.put("/v1/agent/check/pass/service:quiet", "");
        long index = ConsulHttp.index(http.get("/v1/health/service/quiet"));

        http.put("/v1/agent/check/pass/service:quiet", "");
        http.put("/v1/agent/service/register", "{\"Name\":\"quiet\",\"Check\":{\"TTL\":\"30s\"}}");

        assertThat(ConsulHttp.index(http.get("/v1/health/service/quiet"))).isEqualTo(index);
    }

    @Test
    void deregisterRemovesTheServiceAndItsChecks() throws IOException {
        http.put("/v1/agent/service/register", "{\"Name\":\"gone\",\"Check\":{\"TTL\":\"30s\"}}");

        assertThat(http.put("/v1/agent/service/deregister/gone", "").statusCode()).isEqualTo(200);

        assertThat(http.get("/v1/health/service/gone").body()).isEqualTo("[]");
        assertThat(http.put("/v1/agent/check/pass/service:gone", "").statusCode()).isEqualTo(404);
    }

    @Test
    void agentServicesBlocksOnItsContentHashUntilTheServicesChange() throws IOException {
        http.put("/v1/agent/service/register", "{\"Name\":\"a\",\"Port\":1}");
        HttpResponse<String> first = http.get("/v1/agent/services");
        String hash = first.headers().firstValue("X-Consul-ContentHash").orElseThrow();
        assertThat(ConsulHttp.json(first).get("a").get("Port").asInt()).isEqualTo(1);
        assertThat(first.headers().firstValue("X-Consul-Index")).isEmpty();

        CompletableFuture<HttpResponse<String>> waiting = http.getAsync("/v1/agent/services?hash=" + hash + "&wait=10s");
        await().atMost(Duration.ofSeconds(2)).until(() -> sim.requestCount("/v1/agent/services") >= 2);
        await().during(Duration.ofMillis(150)).atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());
        http.put("/v1/agent/service/register", "{\"Name\":\"b\"}");

        HttpResponse<String> changed = waiting.orTimeout(3, TimeUnit.SECONDS).join();
        assertThat(changed.headers().firstValue("X-Consul-ContentHash")).isPresent().isNotEqualTo(hash);
        assertThat(ConsulHttp.json(changed).has("b")).isTrue();
        HttpResponse<String> timedOut = http.get("/v1/agent/services?hash="
                + changed.headers().firstValue("X-Consul-ContentHash").orElseThrow() + "&wait=200ms");
        assertThat(timedOut.statusCode()).isEqualTo(200);
    }

    @Test
    void agentServiceAnswersOneServiceWithItsContentHash() throws IOException {
        http.put("/v1/agent/service/register", "{\"ID\":\"a-1\",\"Name\":\"a\",\"Port\":7}");

        HttpResponse<String> r = http.get("/v1/agent/service/a-1");

        assertThat(ConsulHttp.json(r).get("Service").asText()).isEqualTo("a");
        assertThat(ConsulHttp.json(r).get("ContentHash").asText())
                .isEqualTo(r.headers().firstValue("X-Consul-ContentHash").orElseThrow());
        assertThat(http.get("/v1/agent/service/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void maintenanceModeAddsACriticalCheckUntilDisabled() throws IOException {
        http.put("/v1/agent/service/register", "{\"Name\":\"m\",\"Check\":{\"TTL\":\"30s\",\"Status\":\"passing\"}}");

        http.put("/v1/agent/maintenance?enable=true&reason=patching", "");
        JsonNode checks = ConsulHttp.json(http.get("/v1/health/service/m")).get(0).get("Checks");
        assertThat(checks.findValuesAsText("CheckID")).contains("_node_maintenance");
        assertThat(checks.findValuesAsText("Notes")).contains("patching");
        assertThat(ConsulHttp.json(http.get("/v1/health/service/m?passing"))).isEmpty();

        http.put("/v1/agent/maintenance?enable=false", "");
        http.put("/v1/agent/service/maintenance/m?enable=true", "");
        assertThat(ConsulHttp.json(http.get("/v1/health/service/m")).get(0).get("Checks").findValuesAsText("CheckID"))
                .containsExactlyInAnyOrder("service:m", "_service_maintenance:m", "serfHealth");

        http.put("/v1/agent/service/maintenance/m?enable=false", "");
        assertThat(ConsulHttp.json(http.get("/v1/health/service/m?passing"))).hasSize(1);
    }

    @Test
    void agentSelfNamesTheDatacenterAndNode() throws IOException {
        JsonNode config = ConsulHttp.json(http.get("/v1/agent/self")).get("Config");

        assertThat(config.get("Datacenter").asText()).isEqualTo("dc1");
        assertThat(config.get("NodeName").asText()).isEqualTo("sim-node");
    }
}
