package io.graylane.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsulSimulatorTest {

    @Test
    void startListensOnALoopbackPortAndClosingFreesIt() throws IOException {
        int port;
        try (ConsulSimulator sim = ConsulSimulator.start()) {
            port = sim.port();
            assertThat(sim.address().toString()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(sim.datacenter()).isEqualTo("dc1");
            assertThat(sim.index()).isPositive();
            assertThat(new ConsulHttp(sim).get("/v1/status/leader").body()).isEqualTo("\"127.0.0.1:8300\"");
        }
        try (ServerSocket again = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void theBuilderSetsPortDatacenterAndNodeName() throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        try (ConsulSimulator sim = ConsulSimulator.builder().port(free).datacenter("east").nodeName("agent-1").build()) {
            assertThat(sim.port()).isEqualTo(free);
            assertThat(sim.nodes().names()).containsExactly("agent-1");
            assertThat(new ConsulHttp(sim).get("/v1/catalog/nodes").body()).contains("\"Datacenter\":\"east\"");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "port(-1)          | port: -1 (expected: 0-65535)",
            "datacenter(' ')   | datacenter: \" \" (expected: a non-empty name)",
            "nodeName('')      | nodeName: \"\" (expected: a non-empty name)",
    })
    void builderArgumentsAreCheckedAsTheyAreSet(String call, String message) {
        assertThatThrownBy(() -> {
            switch (call) {
                case "port(-1)" -> ConsulSimulator.builder().port(-1);
                case "datacenter(' ')" -> ConsulSimulator.builder().datacenter(" ");
                default -> ConsulSimulator.builder().nodeName("");
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void theCommandLineIsParsedAndTheBannerNamesAddressAndDatacenter() {
        ConsulSimulator.Builder b = ConsulSimulatorMain.parse(new String[] {
                "--port", "0", "--datacenter", "dc7", "--datacenters", "dc8,dc9", "--enterprise",
                "--acl-master-token", "root"});
        try (ConsulSimulator sim = b.start()) {
            assertThat(ConsulSimulatorMain.banner(sim))
                    .isEqualTo("consul-sim listening on http://127.0.0.1:" + sim.port() + " (datacenter dc7)");
            assertThat(sim.datacenters()).containsExactly("dc7", "dc8", "dc9");
            assertThat(sim.enterprise()).isTrue();
            assertThat(sim.acl().enabled()).isTrue();
        }
        assertThat(ConsulSimulatorMain.parse(new String[] {"--help"})).isNull();
        assertThatThrownBy(() -> ConsulSimulatorMain.parse(new String[] {"--port"}))
                .hasMessage("--port: missing value");
        assertThatThrownBy(() -> ConsulSimulatorMain.parse(new String[] {"--bogus"}))
                .hasMessage("unknown option --bogus");
    }

    @Test
    void javaRegistrationsCheckTheirNode() {
        try (ConsulSimulator sim = ConsulSimulator.start()) {
            assertThatThrownBy(() -> sim.services().register(ServiceRegistration.builder("x").node("ghost").build()))
                    .hasMessage("node: ghost (expected: a node added with nodes().add)");
            assertThatThrownBy(() -> sim.nodes().remove("sim-node"))
                    .hasMessage("node: sim-node (expected: not the simulator's own node)");
        }
    }
}
