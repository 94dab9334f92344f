package io.graylane.gateway.admin;

import io.graylane.gateway.metrics.MetricsWorld;
import io.graylane.gateway.cli.GraylaneCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import java.net.InetAddress;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may call the admin API: the bind-address policy and bearer token checks. */
class AdminAccessTest {

    @Test
    void aNonLoopbackAddressWithoutATokenIsRefusedWithAClearMessage() throws Exception {
        InetAddress everywhere = InetAddress.getByName("0.0.0.0");

        assertThatThrownBy(() -> AdminAccess.forBind(everywhere, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0.0.0 is not a loopback address, so a bearer token is required")
                .hasMessageContaining("--admin-token-file")
                .hasMessageContaining("GRAYLANE_ADMIN_TOKEN");
    }

    @Test
    void aNonLoopbackAddressWithATokenRequiresIt() throws Exception {
        AdminAccess access = AdminAccess.forBind(InetAddress.getByName("10.1.2.3"), "s3cret");

        assertThat(access.requiresToken()).isTrue();
        assertThat(access.allows("Bearer s3cret")).isTrue();
        assertThat(access.allows("bearer s3cret")).isTrue();
        assertThat(access.allows("Bearer s3cre")).isFalse();
        assertThat(access.allows("Basic s3cret")).isFalse();
        assertThat(access.allows(null)).isFalse();
    }

    @Test
    void loopbackWithoutATokenLetsLocalCallersIn() {
        AdminAccess access = AdminAccess.forBind(InetAddress.getLoopbackAddress(), null);

        assertThat(access.requiresToken()).isFalse();
        assertThat(access.allows(null)).isTrue();
    }

    @Test
    void theGatewayCommandRefusesToStartOnANonLoopbackAdminAddressWithoutAToken(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("g.yaml");
        Files.writeString(config, "version: 1\nlanes: {stable: {selector: {}}}\ncoloring: {defaultLane: stable, rules: []}\nroutes: []\n");
        StringWriter err = new StringWriter();
        CommandLine cli = GraylaneCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("gateway", "--config", config.toString(), "--port", "0", "--admin-bind", "0.0.0.0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("graylane gateway: --admin-bind: 0.0.0.0 is not a loopback address,"
                + " so a bearer token is required");
    }

    @Test
    void aBlankTokenIsRefused() {
        assertThatThrownBy(() -> AdminAccess.forBind(InetAddress.getLoopbackAddress(), "  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void aConfiguredTokenIsEnforcedOnEveryEndpointWith401AndWwwAuthenticate() {
        try (MetricsWorld world = new MetricsWorld("t0ken")) {
            HttpResponse<String> none = world.admin("/health");
            HttpResponse<String> wrong = world.admin("/metrics", "Authorization", "Bearer nope");
            HttpResponse<String> right = world.admin("/health", "Authorization", "Bearer t0ken");

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readyFlipsTo503WithAReasonWhenTheProxyStopsAccepting() {
        try (MetricsWorld world = new MetricsWorld()) {
            assertThat(world.admin("/ready").statusCode()).isEqualTo(200);

            world.gateway.close();

            HttpResponse<String> r = world.admin("/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("not accepting");
        }
    }
}
