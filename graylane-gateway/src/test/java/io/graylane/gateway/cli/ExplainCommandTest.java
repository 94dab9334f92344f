package io.graylane.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graylane.core.config.TrustSettings;
import io.graylane.core.trust.LaneSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ExplainCommandTest {

    @Test
    void betaUserOnTheEmbeddedDemoGetsCanaryAndFallsBackForOrders() {
        CliRun run = CliRun.of("explain", "-H", "X-User-Group: beta", "--path", "/orders/42");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("lane       canary, rule 'beta-users' (#0)")
                .contains("header X-User-Group = \"beta\" equals \"beta\": yes")
                .contains("route      'orders' (path prefix /orders) -> service orders")
                .contains("fallback   canary: no instances match {version=v2} -> stable")
                .contains("instance   orders-v1 at 127.0.0.1:18083")
                .contains("outcome    routed");
    }

    @Test
    void betaUserReachesTheFrontendCanary() {
        CliRun run = CliRun.of("explain", "-H", "X-User-Group: beta", "--path", "/frontend");

        assertThat(run.out()).contains("instance   frontend-v2").doesNotContain("fallback");
    }

    @Test
    void cookieGivenAsAHeaderOrAnOptionColorsTheSameWay() {
        assertThat(CliRun.of("explain", "--cookie", "canary=1", "--path", "/frontend").out())
                .contains("rule 'canary-cookie' (#2)");
        assertThat(CliRun.of("explain", "-H", "Cookie: a=b; canary=1", "--path", "/frontend").out())
                .contains("rule 'canary-cookie' (#2)");
    }

    @Test
    void jsonOutputCarriesTheWholeDecision() throws Exception {
        CliRun run = CliRun.of("explain", "-H", "X-User-Group: beta", "--path", "/orders", "--json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("lane").asText()).isEqualTo("canary");
        assertThat(json.get("rule").asText()).isEqualTo("beta-users");
        assertThat(json.get("servedLane").asText()).isEqualTo("stable");
        assertThat(json.get("fallback").get(0).get("reason").asText()).isEqualTo("no instances");
        assertThat(json.get("instance").get("id").asText()).isEqualTo("orders-v1");
        assertThat(json.get("outcome").asText()).isEqualTo("routed");
    }

    @Test
    void laneHeaderFromAnUnknownClientIsStrippedButATrustedClientKeepsIt() {
        CliRun untrusted = CliRun.of("explain", "-H", "X-Graylane-Lane: canary", "--path", "/frontend");
        CliRun trusted = CliRun.of("explain", "-H", "X-Graylane-Lane: canary", "--path", "/frontend",
                "--client-ip", "127.0.0.1");

        assertThat(untrusted.out()).contains("stripped (untrusted peer").contains("lane       stable");
        assertThat(trusted.out()).contains("kept 'canary' (trusted peer)").contains("instance   frontend-v2");
    }

    @Test
    void aSidecarKeepsALocalCallersLaneAndStripsARemoteOnesAndTheHostNamesTheService() {
        String sidecar = Path.of("..", "docs", "examples", "sidecar.yaml").toString();
        CliRun local = CliRun.of("explain", "--config", sidecar, "--host", "orders:80", "--path", "/items/7",
                "-H", "X-Graylane-Lane: canary", "--client-ip", "127.0.0.1");
        CliRun remote = CliRun.of("explain", "--config", sidecar, "--host", "orders:80", "--path", "/items/7",
                "-H", "X-Graylane-Lane: canary", "--client-ip", "10.1.2.3");
        CliRun byPath = CliRun.of("explain", "--config", sidecar, "--host", "127.0.0.1:15001", "--path",
                "/payments/p/1", "--client-ip", "::1");

        assertThat(local.exitCode()).as(local.err()).isZero();
        assertThat(local.out()).contains("kept 'canary' (trusted peer)", "host:orders", "instance   orders-v2");
        assertThat(remote.out()).contains("stripped (untrusted peer", "lane       stable", "instance   orders-v1");
        assertThat(byPath.out()).contains("path:payments", "instance   payments-v1");
    }

    @Test
    void signedLaneIsAcceptedFromAnywhere(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("signed.yaml");
        Files.writeString(cfg, Files.readString(Path.of("..", "docs", "examples", "demo.yaml"))
                .replace("trust:\n", "trust:\n  keys: [{id: k1, secret: \"0123456789abcdef-secret\"}]\n"));
        String token = LaneSignature.sign("canary", new TrustSettings.SigningKey("k1", "0123456789abcdef-secret"),
                Instant.now().plusSeconds(300));

        CliRun run = CliRun.of("explain", "--config", cfg.toString(), "-H", "X-Graylane-Lane: " + token,
                "--path", "/frontend", "--client-ip", "203.0.113.5");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("signed with key k1").contains("lane       canary, kept from a signed lane value");
    }

    @Test
    void serviceOptionSkipsRouteMatchingAndUnknownPathsSayNoRoute() {
        assertThat(CliRun.of("explain", "--service", "orders").out())
                .contains("service orders (given with --service)");
        assertThat(CliRun.of("explain", "--path", "/nothing").out())
                .contains("no route matches").contains("outcome    no route");
    }

    @Test
    void stickyKeyShowsItsBucket() {
        assertThat(CliRun.of("explain", "-H", "X-User-ID: alice", "--path", "/frontend").out())
                .containsPattern("sticky header:X-User-ID bucket \\d+ < 500");
    }

    @Test
    void invalidConfigFileFailsWithItsErrors(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "lanes: {stable: {}}\ncoloring: {defaultLane: nope}\n");

        CliRun run = CliRun.of("explain", "--config", cfg.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("coloring.defaultLane: \"nope\"");
    }

    @Test
    void badRequestOptionsNameTheOption() {
        assertThat(CliRun.of("explain", "--client-ip", "not-an-ip").err())
                .contains("--client-ip: not-an-ip (expected: an IPv4 or IPv6 address)");
        assertThat(CliRun.of("explain", "-H", "no colon").err()).contains("-H: no colon (expected: 'Name: value')");
        assertThat(CliRun.of("explain", "--path", "orders").exitCode()).isEqualTo(2);
    }

    @Test
    void helpListsEveryCommand() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("validate", "explain");
    }
}
