package io.graylane.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatacenterAndNamespaceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/v1/kv/k?dc=nowhere",
            "/v1/health/service/web?dc=nowhere",
            "/v1/catalog/services?dc=nowhere",
    })
    void anUnknownDatacenterIs500NoPathToDatacenter(String path) throws IOException {
        try (ConsulSimulator sim = ConsulSimulator.start()) {
            HttpResponse<String> r = new ConsulHttp(sim).get(path);

            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("No path to datacenter");
        }
    }

    @Test
    void eachDatacenterHasItsOwnKvAndCatalog() throws IOException {
        try (ConsulSimulator sim = ConsulSimulator.builder().datacenter("east").datacenters("west").build()) {
            ConsulHttp http = new ConsulHttp(sim);
            http.put("/v1/kv/k?dc=west", "w");
            http.put("/v1/kv/k", "e");
            sim.nodes().inDatacenter("west").add("w-1", "10.9.0.1");
            sim.services().register(ServiceRegistration.builder("api").datacenter("west").node("w-1").build());

            assertThat(ConsulHttp.json(http.get("/v1/kv/k?dc=west")).get(0).get("Value").asText()).isEqualTo("dw==");
            assertThat(ConsulHttp.json(http.get("/v1/kv/k")).get(0).get("Value").asText()).isEqualTo("ZQ==");
            assertThat(http.get("/v1/health/service/api").body()).isEqualTo("[]");
            assertThat(ConsulHttp.json(http.get("/v1/health/service/api?dc=west")).get(0).get("Node").get("Datacenter")
                    .asText()).isEqualTo("west");
            assertThat(http.get("/v1/catalog/datacenters").body()).isEqualTo("[\"east\",\"west\"]");
            assertThat(sim.index("west")).isNotEqualTo(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/v1/health/service/web?ns=default | ``                 | Invalid query parameter: \"ns\" - Namespaces are a Consul Enterprise feature",
            "/v1/kv/k?ns=team                  | ``                 | Invalid query parameter: \"ns\" - Namespaces are a Consul Enterprise feature",
            "/v1/catalog/services?partition=default | ``            | Invalid query parameter: \"partition\" - Partitions are a Consul Enterprise feature",
            "/v1/kv/k                          | X-Consul-Namespace | Invalid header: \"X-Consul-Namespace\" - Namespaces are a Consul Enterprise feature",
    })
    void openSourceRejectsAnyNamespaceEvenDefault(String path, String header, String text) throws IOException {
        try (ConsulSimulator sim = ConsulSimulator.start()) {
            ConsulHttp http = new ConsulHttp(sim);
            HttpResponse<String> r = header.isEmpty() ? http.get(path) : http.get(path, header, "team");

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).isEqualTo(text);
        }
    }

    @Test
    void enterpriseKeepsServicesAndKeysApartPerNamespace() throws IOException {
        try (ConsulSimulator sim = ConsulSimulator.builder().enterprise(true).build()) {
            ConsulHttp http = new ConsulHttp(sim);
            http.put("/v1/agent/service/register?ns=team-a", "{\"Name\":\"web\",\"Port\":1}");
            http.put("/v1/agent/service/register", "{\"Name\":\"web\",\"Port\":2,\"Namespace\":\"team-b\"}");
            http.put("/v1/kv/k?ns=team-a", "a");

            HttpResponse<String> a = http.get("/v1/health/service/web?ns=team-a");
            assertThat(ConsulHttp.json(a)).hasSize(1);
            assertThat(ConsulHttp.json(a).get(0).get("Service").get("Port").asInt()).isEqualTo(1);
            assertThat(ConsulHttp.json(a).get(0).get("Service").get("Namespace").asText()).isEqualTo("team-a");
            assertThat(ConsulHttp.json(http.get("/v1/health/service/web", "X-Consul-Namespace", "team-b")).get(0)
                    .get("Service").get("Port").asInt()).isEqualTo(2);
            assertThat(http.get("/v1/health/service/web").body()).isEqualTo("[]");
            assertThat(http.get("/v1/kv/k?ns=team-a").statusCode()).isEqualTo(200);
            assertThat(http.get("/v1/kv/k").statusCode()).isEqualTo(404);
            assertThat(http.get("/v1/kv/k?ns=default").statusCode()).isEqualTo(404);
        }
    }
}
