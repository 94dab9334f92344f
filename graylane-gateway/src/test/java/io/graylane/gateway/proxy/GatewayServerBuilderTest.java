package io.graylane.gateway.proxy;

import io.graylane.core.engine.LaneEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder checks each argument when it is set and says what it expected. */
class GatewayServerBuilderTest {

    private static final LaneEngine ENGINE = LaneEngine.create(GatewayFixture.parse("""
            lanes: {stable: {}}
            coloring: {defaultLane: stable}
            """));

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of((Consumer<GatewayServerBuilder>) b -> b.port(-1), "port: -1 (expected: 0..65535)"),
                Arguments.of((Consumer<GatewayServerBuilder>) b -> b.port(65536), "port: 65536 (expected: 0..65535)"),
                Arguments.of((Consumer<GatewayServerBuilder>) b -> b.eventLoops(0), "eventLoops: 0 (expected: 1..1024)"),
                Arguments.of((Consumer<GatewayServerBuilder>) b -> b.bindAddress("localhost"),
                        "bindAddress: localhost (expected: an IPv4 or IPv6 address)"),
                Arguments.of((Consumer<GatewayServerBuilder>) b -> b.maxHeaderSize(100),
                        "maxHeaderSize: 100 (expected: 1024..1048576)"),
                Arguments.of((Consumer<GatewayServerBuilder>) b -> b.maxInitialLineLength(10),
                        "maxInitialLineLength: 10 (expected: 256..1048576)"),
                Arguments.of((Consumer<GatewayServerBuilder>) b -> b.connectTimeout(Duration.ofSeconds(-1)),
                        "connectTimeout: -1s (expected: > 0)"),
                Arguments.of((Consumer<GatewayServerBuilder>) b -> b.responseHeaderTimeout(Duration.ZERO),
                        "responseHeaderTimeout: 0s (expected: > 0)"),
                Arguments.of((Consumer<GatewayServerBuilder>) b -> b.clientIdleTimeout(Duration.ofMillis(-5)),
                        "clientIdleTimeout: -5ms (expected: > 0)"),
                Arguments.of((Consumer<GatewayServerBuilder>) b -> b.upstreamIdleTimeout(Duration.ZERO),
                        "upstreamIdleTimeout: 0s (expected: > 0)"),
                Arguments.of((Consumer<GatewayServerBuilder>) b -> b.maxIdleConnectionsPerUpstream(-1),
                        "maxIdleConnectionsPerUpstream: -1 (expected: 0..100000)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void invalidArgumentIsRejectedWithWhatWasExpected(Consumer<GatewayServerBuilder> setter, String message) {
        GatewayServerBuilder builder = GatewayServer.builder(ENGINE);

        assertThatThrownBy(() -> setter.accept(builder)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void portIsKnownOnlyOnceStarted() {
        GatewayServer server = GatewayServer.builder(ENGINE).port(0).build();

        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class)
                .hasMessage("port: server is not started (expected: start() first)");
        try (server) {
            server.start();
            assertThat(server.port()).isPositive();
            assertThat(server.localAddress().getAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void engineCanBeReadAndSwapped() {
        LaneEngine other = LaneEngine.create(GatewayFixture.parse("""
                lanes: {stable: {}, canary: {fallback: stable}}
                coloring: {defaultLane: canary}
                """));
        GatewayServer server = GatewayServer.builder(ENGINE).build();

        server.updateEngine(other);

        assertThat(server.engine()).isSameAs(other);
        assertThatThrownBy(() -> server.updateEngine(null)).isInstanceOf(NullPointerException.class);
    }
}
