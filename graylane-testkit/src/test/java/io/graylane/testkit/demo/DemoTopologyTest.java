package io.graylane.testkit.demo;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoTopologyTest {

    private static final String DEMO_INSTANCES = """
            discovery:
              static:
                frontend:
                  - {id: frontend-v1, address: 127.0.0.1, port: 18081, tags: [version=v1]}
                  - {id: frontend-v2, address: 127.0.0.1, port: 18082, tags: [version=v2]}
                orders:
                  - {id: orders-v1, address: 127.0.0.1, port: 18083, tags: [version=v1]}
                # orders has NO canary (it would be 127.0.0.1:18084)
            """;

    @Test
    void startsTheDemoInstancesOnFreePorts() {
        try (DemoTopology demo = DemoTopology.builder().anyFreePorts().start()) {
            assertThat(demo.upstreams()).containsOnlyKeys("frontend-v1", "frontend-v2", "orders-v1");
            assertThat(demo.ports().values()).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isPositive());
            assertThat(demo.upstream("frontend-v2").version()).isEqualTo("v2");
        }
    }

    @Test
    void rewritePortsPutsTheBoundPortsIntoTheConfigText() {
        try (DemoTopology demo = DemoTopology.builder().anyFreePorts().start()) {
            String rewritten = demo.rewritePorts(DEMO_INSTANCES);

            assertThat(rewritten)
                    .contains("{id: frontend-v1, address: 127.0.0.1, port: " + demo.ports().get("frontend-v1") + ",")
                    .contains("{id: frontend-v2, address: 127.0.0.1, port: " + demo.ports().get("frontend-v2") + ",")
                    .contains("{id: orders-v1, address: 127.0.0.1, port: " + demo.ports().get("orders-v1") + ",")
                    .contains("(it would be 127.0.0.1:18084)");
        }
    }

    @Test
    void rewritePortsReplacesEachPortOnceEvenWhenANewPortIsAnotherInstancesOldOne() {
        String config = "a: {port: 18081}\nb: {\"port\": 18082}\nc: {port: 18083}\nd: {port: 9000}\n";

        String rewritten = DemoTopology.rewritePorts(config, java.util.Map.of(18081, 18082, 18082, 18083, 18083, 18084));

        assertThat(rewritten).isEqualTo("a: {port: 18082}\nb: {\"port\": 18083}\nc: {port: 18084}\nd: {port: 9000}\n");
    }

    @Test
    void aTakenPortStopsTheInstancesAlreadyStartedAndNamesThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            int frontendV1;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                frontendV1 = probe.getLocalPort();
            }

            assertThatThrownBy(() -> DemoTopology.builder().ports(frontendV1, port, 0).start())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("frontend-v2: port " + port + " on 127.0.0.1 is in use");
            // frontend-v1 had started; it was stopped again.
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), frontendV1).close())
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void anUnknownInstanceIdIsNamed() {
        try (DemoTopology demo = DemoTopology.builder().anyFreePorts().start()) {
            assertThatThrownBy(() -> demo.upstream("orders-v2"))
                    .hasMessage("id: orders-v2 (expected: one of [frontend-v1, frontend-v2, orders-v1])");
        }
    }
}
