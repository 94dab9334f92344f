package io.graylane.consul;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What goes on the wire, exactly: a stub server records every request line and token header, so the
 * parameters Consul must (and must never) see are checked literally.
 */
class WireFormatTest {

    private record Seen(String method, String uri, String token) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("X-Consul-Token")));
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            byte[] body = (path.startsWith("/v1/catalog") ? "{}" : path.startsWith("/v1/kv") && "PUT".equals(
                    exchange.getRequestMethod()) ? "true" : "[]").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Consul-Index", "7");
            exchange.getResponseHeaders().add("X-Consul-KnownLeader", "true");
            exchange.getResponseHeaders().add("X-Consul-LastContact", "12");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ConsulClient client(Map<String, String> env, String namespace) {
        return ConsulClient.create(ConsulClientConfig.builder()
                .environment(env::get)
                .address("127.0.0.1:" + server.getAddress().getPort())
                .namespace(namespace)
                .build());
    }

    @Test
    void withoutANamespaceNoCallEverCarriesAnNsParameter() {
        ConsulClient client = client(Map.of(), "");

        client.healthService(HealthQuery.of("web"), QueryOptions.DEFAULT);
        client.catalogServices(QueryOptions.DEFAULT);
        client.kvGet("a/b", QueryOptions.blocking(3, Duration.ofSeconds(1)));
        client.kvList("a/", QueryOptions.DEFAULT);
        client.kvKeys("a/", "/", QueryOptions.DEFAULT);
        client.kvPut("a/b", "x");
        client.kvDelete("a/", true, -1);
        client.agentRegister(ServiceRegistration.of("s", "s-1", "", 1));
        client.agentDeregister("s-1");
        client.checkPass("service:s-1", "");

        assertThat(seen).hasSize(10).allSatisfy(s -> assertThat(s.uri()).doesNotContain("ns="));
    }

    @Test
    void aConfiguredNamespaceAndDatacenterGoOnEveryReadAndWrite() {
        ConsulClient client = ConsulClient.create(ConsulClientConfig.builder().environment(k -> null)
                .address("127.0.0.1:" + server.getAddress().getPort()).namespace("team-a").datacenter("dc2").build());

        client.kvGet("k", QueryOptions.DEFAULT);
        client.kvPut("k", "v");
        client.agentRegister(ServiceRegistration.of("s", "s-1", "", 1));

        assertThat(seen).extracting(Seen::uri).containsExactly(
                "/v1/kv/k?dc=dc2&ns=team-a",
                "/v1/kv/k?dc=dc2&ns=team-a",
                "/v1/agent/service/register?ns=team-a"); // agent endpoints are local: no dc
    }

    @Test
    void healthQueriesSendPassingRepeatedTagsFilterStaleIndexAndAGoWait() {
        ConsulClient client = client(Map.of(), "");

        ConsulResponse<List<ServiceEntry>> r = client.healthService(
                HealthQuery.of("web").passingOnly().withTag("version=v2").withTag("canary")
                        .withFilter("Service.Meta.zone == \"a\""),
                QueryOptions.blocking(42, Duration.ofMillis(1500)).withStale(true));

        assertThat(seen.get(0).uri()).isEqualTo("/v1/health/service/web?stale&index=42&wait=1500ms&passing"
                + "&tag=version%3Dv2&tag=canary&filter=Service.Meta.zone%20%3D%3D%20%22a%22");
        assertThat(r.meta()).isEqualTo(new QueryMeta(7, true, Duration.ofMillis(12)));
    }

    @Test
    void aNonBlockingReadSendsNoIndexOrWait() {
        client(Map.of(), "").kvGet("k", QueryOptions.DEFAULT.withWait(Duration.ofSeconds(5)));

        assertThat(seen.get(0).uri()).isEqualTo("/v1/kv/k");
    }

    @Test
    void theTokenFromTheEnvironmentTravelsInTheHeaderNeverInTheUrl() {
        client(Map.of("CONSUL_HTTP_TOKEN", "tok-123"), "").kvGet("k", QueryOptions.DEFAULT);

        assertThat(seen.get(0).token()).isEqualTo("tok-123");
        assertThat(seen.get(0).uri()).doesNotContain("tok-123").doesNotContain("token");
    }

    @Test
    void writesSendCheckAndSetAndUnsignedFlags() {
        ConsulClient client = client(Map.of(), "");

        client.kvPut("k", new byte[] {1}, PutOptions.cas(9).withFlags(-1L));
        client.kvDelete("k", false, 9);

        assertThat(seen).extracting(s -> s.method() + " " + s.uri()).containsExactly(
                "PUT /v1/kv/k?cas=9&flags=18446744073709551615",
                "DELETE /v1/kv/k?cas=9");
    }
}
