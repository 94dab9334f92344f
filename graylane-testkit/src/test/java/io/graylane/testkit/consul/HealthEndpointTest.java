package io.graylane.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthEndpointTest {

    private ConsulSimulator sim;
    private ConsulHttp http;

    @BeforeEach
    void start() {
        sim = ConsulSimulator.start();
        http = new ConsulHttp(sim);
        sim.nodes().add("node-2", "10.0.0.2", Map.of("zone", "a"));
        sim.nodes().add("node-3", "10.0.0.3", Map.of("zone", "b"));
        register("web-1", "node-2", "10.1.0.1", 8080, Map.of("version", "v1", "app-ver", "1.0"), "primary", "v1");
        register("web-2", "node-3", "", 8081, Map.of("version", "v2", "app-ver", "2.0"), "canary", "v2");
        register("web-3", "sim-node", "10.1.0.3", 9090, Map.of(), "primary", "canary");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private void register(String id, String node, String address, int port, Map<String, String> meta, String... tags) {
        sim.services().register(ServiceRegistration.builder("web").id(id).node(node).address(address).port(port)
                .meta(meta).tags(tags).health("passing").build());
    }

    @Test
    void anEntryHasTheDocumentedNodeServiceAndChecksShape() throws IOException {
        JsonNode entry = ConsulHttp.json(http.get("/v1/health/service/web?filter=" + q("Service.ID == \"web-1\""))).get(0);

        assertThat(fieldNames(entry)).containsExactly("Node", "Service", "Checks");
        JsonNode node = entry.get("Node");
        assertThat(fieldNames(node)).contains("ID", "Node", "Address", "Datacenter", "TaggedAddresses", "Meta",
                "CreateIndex", "ModifyIndex");
        assertThat(node.get("Node").asText()).isEqualTo("node-2");
        assertThat(node.get("Datacenter").asText()).isEqualTo("dc1");
        assertThat(node.get("TaggedAddresses").get("lan").asText()).isEqualTo("10.0.0.2");
        JsonNode service = entry.get("Service");
        assertThat(fieldNames(service)).contains("ID", "Service", "Tags", "Address", "Meta", "Port", "Weights",
                "CreateIndex", "ModifyIndex");
        assertThat(service.get("Weights").toString()).isEqualTo("{\"Passing\":1,\"Warning\":1}");
        assertThat(service.get("Meta").get("version").asText()).isEqualTo("v1");
        JsonNode checks = entry.get("Checks");
        assertThat(checks.findValuesAsText("CheckID")).containsExactly("service:web-1", "serfHealth");
        assertThat(fieldNames(checks.get(0))).contains("Node", "CheckID", "Name", "Status", "Notes", "Output",
                "ServiceID", "ServiceName", "ServiceTags");
        assertThat(checks.get(1).get("ServiceTags").isArray()).isTrue();
    }

    @Test
    void anUnknownServiceIsAnEmptyListWithAnIndex() throws IOException {
        HttpResponse<String> r = http.get("/v1/health/service/nope");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[]");
        assertThat(ConsulHttp.index(r)).isPositive();
    }

    @Test
    void anEmptyServiceNameIs400() throws IOException {
        HttpResponse<String> r = http.get("/v1/health/service/");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Missing service name");
    }

    @Test
    void passingDropsAnEntryWhoseNodeCheckFailsButTheIndexIgnoresIt() throws IOException {
        sim.nodes().setSerfHealth("node-2", "critical");

        HttpResponse<String> all = http.get("/v1/health/service/web");
        HttpResponse<String> passing = http.get("/v1/health/service/web?passing");

        assertThat(ids(all)).containsExactly("web-1", "web-2", "web-3");
        assertThat(ids(passing)).containsExactly("web-2", "web-3");
        assertThat(ConsulHttp.index(passing)).isEqualTo(ConsulHttp.index(all));
    }

    @Test
    void passingDropsWarningServiceChecksToo() throws IOException {
        sim.services().setHealth("node-3", "web-2", "warning");

        assertThat(ids(http.get("/v1/health/service/web?passing=true"))).containsExactly("web-1", "web-3");
        assertThat(ids(http.get("/v1/health/service/web?passing=false"))).hasSize(3);
    }

    @ParameterizedTest(name = "tags {0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "primary        | web-1,web-3",
            "primary,v1     | web-1",
            "canary         | web-2,web-3",
            "CANARY,primary | web-3",
            "v1,v2          | ''",
    })
    void repeatedTagsMustAllBePresent(String tags, String expected) throws IOException {
        StringBuilder query = new StringBuilder("/v1/health/service/web?");
        for (String t : tags.split(",")) {
            query.append("tag=").append(t).append('&');
        }
        assertThat(String.join(",", ids(http.get(query.toString())))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "Service.Meta.version == \"v2\"                         | web-2",
            "Service.Meta.version != \"v2\"                         | web-1,web-3",
            "Service.Meta[\"app-ver\"] == \"1.0\"                   | web-1",
            "Service.Meta.version is empty                          | web-3",
            "Service.Meta.version is not empty                      | web-1,web-2",
            "Service.Address is empty                               | web-2",
            "\"canary\" in Service.Tags                             | web-2,web-3",
            "\"canary\" not in Service.Tags                         | web-1",
            "Service.Tags contains \"v1\"                           | web-1",
            "Service.Tags not contains \"v1\"                       | web-2,web-3",
            "Service.Meta.version matches \"^v[12]$\"               | web-1,web-2",
            "Service.ID not matches \"-[12]$\"                      | web-3",
            "Service.Port == 8081                                   | web-2",
            "Node.Node == \"sim-node\"                              | web-3",
            "Node.Address == \"10.0.0.2\"                           | web-1",
            "Node.Datacenter == dc1 and Node.Meta.zone == b         | web-2",
            "Service.Service == \"web\" and not (Service.ID == \"web-1\") | web-2,web-3",
            "Service.ID == \"web-1\" or Service.ID == \"web-2\" and Service.Port == 1 | web-1",
            "(Service.ID == \"web-1\" or Service.ID == \"web-2\") and Service.Port == 8081 | web-2",
            "not Service.ID == \"web-1\" and not Service.ID == \"web-2\" | web-3",
            "Checks.Status == \"passing\"                           | web-1,web-2,web-3",
            "\"version\" in Service.Meta                            | web-1,web-2",
            "Service.Weights.Passing == 1                           | web-1,web-2,web-3",
    })
    void eachFilterOperatorSelectsTheExpectedInstances(String filter, String expected) throws IOException {
        HttpResponse<String> r = http.get("/v1/health/service/web?filter=" + q(filter));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(String.join(",", ids(r))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "Service.Foo == \"x\"       | Selector \"Service.Foo\" is not valid",
            "Service.Tags ==            | expected: a value",
            "Service.ID = \"x\"         | expected: \"==\" or \"!=\"",
            "(Service.ID == \"x\"       | expected: \")\"",
            "Service.ID matches \"(\"   | invalid regular expression",
            "Service.ID == \"x\" and    | expected: a selector",
            "\"x\" Service.Tags         | expected: \"in\" or \"not in\"",
    })
    void aBadFilterIs400WithAMessage(String filter, String fragment) throws IOException {
        HttpResponse<String> r = http.get("/v1/health/service/web?filter=" + q(filter));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("Failed to create boolean expression evaluator: ").contains(fragment);
    }

    @Test
    void nodeMetaSelectsInstancesByTheirNodesMeta() throws IOException {
        assertThat(ids(http.get("/v1/health/service/web?node-meta=zone:a"))).containsExactly("web-1");
    }

    @Test
    void aServiceIndexIgnoresOtherServicesButRisesOnItsOwnChanges() throws IOException {
        long index = ConsulHttp.index(http.get("/v1/health/service/web"));

        sim.services().register(ServiceRegistration.builder("db").node("node-2").port(5432).build());
        assertThat(ConsulHttp.index(http.get("/v1/health/service/web"))).isEqualTo(index);

        sim.services().deregister("node-3", "web-2");
        long afterDeregister = ConsulHttp.index(http.get("/v1/health/service/web"));
        assertThat(afterDeregister).isGreaterThan(index);

        sim.nodes().setSerfHealth("node-2", "critical");
        assertThat(ConsulHttp.index(http.get("/v1/health/service/web"))).isGreaterThan(afterDeregister);
    }

    @Test
    void aHealthWaitWakesWhenACheckOfTheServiceChanges() throws IOException {
        long index = ConsulHttp.index(http.get("/v1/health/service/web"));
        CompletableFuture<HttpResponse<String>> waiting =
                http.getAsync("/v1/health/service/web?passing&index=" + index + "&wait=10s");
        await().atMost(Duration.ofSeconds(2)).until(() -> sim.requestCount("/v1/health/service/web") >= 2);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());

        sim.services().register(ServiceRegistration.builder("db").node("node-2").build());
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());
        sim.services().setHealth("node-2", "web-1", "critical");

        HttpResponse<String> r = waiting.orTimeout(3, TimeUnit.SECONDS).join();
        assertThat(ConsulHttp.index(r)).isGreaterThan(index);
        assertThat(ids(r)).containsExactly("web-2", "web-3");
    }

    @Test
    void catalogServicesListsEveryServiceWithItsTags() throws IOException {
        sim.services().register(ServiceRegistration.builder("redis").node("node-2").tags("primary").build());

        HttpResponse<String> r = http.get("/v1/catalog/services");

        assertThat(r.body()).isEqualTo("{\"consul\":[],\"redis\":[\"primary\"],\"web\":[\"canary\",\"primary\",\"v1\",\"v2\"]}");
        assertThat(ConsulHttp.index(r)).isPositive();
    }

    @Test
    void catalogServicesBlocksUntilAServiceIsRegistered() throws IOException {
        long index = ConsulHttp.index(http.get("/v1/catalog/services"));
        CompletableFuture<HttpResponse<String>> waiting = http.getAsync("/v1/catalog/services?index=" + index + "&wait=10s");
        await().atMost(Duration.ofSeconds(2)).until(() -> sim.requestCount("/v1/catalog/services") >= 2);

        sim.services().register(ServiceRegistration.builder("api").node("node-2").build());

        assertThat(waiting.orTimeout(3, TimeUnit.SECONDS).join().body()).contains("\"api\":[]");
    }

    @Test
    void catalogServiceAnswersTheFlatServiceNodeShape() throws IOException {
        JsonNode first = ConsulHttp.json(http.get("/v1/catalog/service/web?tag=v1")).get(0);

        assertThat(first.get("Node").asText()).isEqualTo("node-2");
        assertThat(first.get("ServiceID").asText()).isEqualTo("web-1");
        assertThat(first.get("ServiceMeta").get("version").asText()).isEqualTo("v1");
        assertThat(first.get("ServicePort").asInt()).isEqualTo(8080);
    }

    private static List<String> ids(HttpResponse<String> r) {
        List<String> ids = new ArrayList<>();
        ConsulHttp.json(r).forEach(e -> ids.add(e.get("Service").get("ID").asText()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
