package io.graylane.gateway.cli;

import io.graylane.core.engine.LaneEngine;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.TestConfigs;
import io.graylane.gateway.proxy.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --transport}: the gateway serves on the transport asked for, or says why it cannot. */
class ServerOptionsTest {

    private static final LaneEngine ENGINE = TestConfigs.engine("""
            version: 1
            lanes: {stable: {}}
            coloring: {defaultLane: stable}
            """);

    /** An available transport serves; one this machine lacks is refused naming the option and why. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void theGatewayServesOnTheTransportAskedFor(Transport transport) throws Exception {
        if (!transport.isAvailable()) {
            assertThatThrownBy(() -> ServerOptions.check(0, "127.0.0.1", 1, transport.toString()))
                    .hasMessageStartingWith("--transport: " + transport + " is not available here (")
                    .hasMessageEndingWith("); auto picks the best one that is");
            return;
        }
        ServerOptions options = ServerOptions.check(0, "127.0.0.1", 1, transport.toString());

        try (GatewayServer server = options.builder(ENGINE).build()) {
            server.start();

            assertThat(server.transport()).isEqualTo(transport);
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/nowhere"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404); // no route: the gateway's own answer
        }
    }

    @Test
    void autoLeavesTheChoiceToTheServer() {
        assertThat(ServerOptions.check(0, "127.0.0.1", 1, "auto").transport()).isNull();
        assertThat(ServerOptions.check(0, "127.0.0.1", 1).transport()).isNull();
        try (GatewayServer server = ServerOptions.check(0, "127.0.0.1", 1, "auto").builder(ENGINE).build()) {
            assertThat(server.transport()).isEqualTo(Transport.best());
        }
    }

    @Test
    void anUnknownTransportIsNamed() {
        assertThatThrownBy(() -> ServerOptions.check(0, "127.0.0.1", 1, "IO_URING"))
                .hasMessage("--transport: IO_URING (expected: one of auto, io_uring, epoll, nio)");
    }
}
