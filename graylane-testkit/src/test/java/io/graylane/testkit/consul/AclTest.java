package io.graylane.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graylane.testkit.consul.Acl.Access;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AclTest {

    private ConsulSimulator sim;
    private ConsulHttp http;

    @BeforeEach
    void start() {
        sim = ConsulSimulator.builder().aclMasterToken("root").build();
        http = new ConsulHttp(sim);
        sim.acl().token("reader", Acl.keyPrefix("cfg/", Access.READ), Acl.service("web", Access.READ))
                .token("writer", Acl.keyPrefix("cfg/", Access.WRITE), Acl.key("cfg/secret", Access.DENY),
                        Acl.servicePrefix("", Access.WRITE));
        sim.kv().put("cfg/a", "1").put("cfg/secret", "s").put("other/x", "2");
        sim.services().register(ServiceRegistration.builder("web").health("passing").build());
        sim.services().register(ServiceRegistration.builder("db").build());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @ParameterizedTest(name = "{0} via {1}")
    @CsvSource({
            "reader, header",
            "reader, bearer",
            "reader, query",
            "root, header",
    })
    void theTokenIsReadFromTheHeaderABearerOrTheQuery(String token, String via) throws IOException {
        HttpResponse<String> r = switch (via) {
            case "header" -> http.get("/v1/kv/cfg/a", "X-Consul-Token", token);
            case "bearer" -> http.get("/v1/kv/cfg/a", "Authorization", "Bearer " + token);
            default -> http.get("/v1/kv/cfg/a?token=" + token);
        };

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownTokenIs403AclNotFoundEvenOnListEndpoints() throws IOException {
        for (String path : new String[] {"/v1/kv/cfg/a", "/v1/kv/?recurse", "/v1/health/service/web", "/v1/catalog/services"}) {
            HttpResponse<String> r = http.get(path, "X-Consul-Token", "bogus");
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).isEqualTo("ACL not found");
        }
    }

    @Test
    void aDeniedReadIs403WithConsulsPermissionDeniedText() throws IOException {
        HttpResponse<String> r = http.get("/v1/kv/other/x", "X-Consul-Token", "reader");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("Permission denied: token with AccessorID '" + sim.acl().accessorId("reader")
                + "' lacks permission 'key:read' on \"other/x\"");
    }

    @Test
    void anAnonymousRequestIsDeniedWithTheAnonymousTokenText() throws IOException {
        HttpResponse<String> r = http.put("/v1/kv/cfg/a", "x");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("Permission denied: anonymous token lacks permission 'key:write' on \"cfg/a\". "
                + "The anonymous token is used implicitly when a request does not specify a token.");
    }

    @Test
    void writesNeedWriteAndAnExactDenyBeatsAPrefixGrant() throws IOException {
        assertThat(http.put("/v1/kv/cfg/a", "x", "X-Consul-Token", "reader").statusCode()).isEqualTo(403);
        assertThat(http.put("/v1/kv/cfg/a", "x", "X-Consul-Token", "writer").body()).isEqualTo("true");
        assertThat(http.put("/v1/kv/cfg/secret", "x", "X-Consul-Token", "writer").statusCode()).isEqualTo(403);
        assertThat(http.get("/v1/kv/cfg/secret", "X-Consul-Token", "writer").statusCode()).isEqualTo(403);
    }

    @Test
    void listEndpointsSilentlyFilterWhatTheTokenCannotRead() throws IOException {
        HttpResponse<String> recurse = http.get("/v1/kv/?recurse", "X-Consul-Token", "writer");
        assertThat(ConsulHttp.json(recurse).findValuesAsText("Key")).containsExactly("cfg/a");
        assertThat(recurse.headers().firstValue("X-Consul-Results-Filtered-By-ACLs")).hasValue("true");

        HttpResponse<String> keys = http.get("/v1/kv/?keys", "X-Consul-Token", "reader");
        assertThat(keys.body()).isEqualTo("[\"cfg/a\",\"cfg/secret\"]");

        assertThat(http.get("/v1/catalog/services", "X-Consul-Token", "reader").body()).isEqualTo("{\"web\":[]}");
        assertThat(http.get("/v1/health/service/db", "X-Consul-Token", "reader").body()).isEqualTo("[]");
        assertThat(ConsulHttp.json(http.get("/v1/health/service/web", "X-Consul-Token", "reader"))).hasSize(1);
        assertThat(http.get("/v1/kv/other/?recurse", "X-Consul-Token", "reader").statusCode()).isEqualTo(404);
    }

    @Test
    void registrationNeedsServiceWrite() throws IOException {
        HttpResponse<String> denied = http.put("/v1/agent/service/register", "{\"Name\":\"api\"}", "X-Consul-Token", "reader");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("lacks permission 'service:write' on \"api\"");

        assertThat(http.put("/v1/agent/service/register", "{\"Name\":\"api\"}", "X-Consul-Token", "writer").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aDeniedTransactionOperationRollsBackWith409() throws IOException {
        HttpResponse<String> r = http.put("/v1/txn", "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"cfg/b\"}},"
                + "{\"KV\":{\"Verb\":\"set\",\"Key\":\"other/y\"}}]", "X-Consul-Token", "writer");

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(ConsulHttp.json(r).get("Errors").get(0).get("OpIndex").asInt()).isEqualTo(1);
        assertThat(ConsulHttp.json(r).get("Errors").get(0).get("What").asText()).startsWith("Permission denied");
        assertThat(sim.kv().get("cfg/b")).isEmpty();
    }

    @Test
    void anonymousRulesAndRevocationApplyToTheNextRequest() throws IOException {
        sim.acl().anonymous(Acl.all(Access.READ));
        assertThat(http.get("/v1/kv/other/x").statusCode()).isEqualTo(200);

        sim.acl().revoke("reader");
        assertThat(http.get("/v1/kv/cfg/a", "X-Consul-Token", "reader").body()).isEqualTo("ACL not found");
    }

    @Test
    void withoutAMasterTokenAclsAreOffAndTokensAreIgnored() throws IOException {
        try (ConsulSimulator open = ConsulSimulator.start()) {
            open.kv().put("k", "v");
            assertThat(new ConsulHttp(open).get("/v1/kv/k", "X-Consul-Token", "anything").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> open.acl().token("t")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("aclMasterToken");
        }
    }
}
