package io.graylane.gateway.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsulSimCommandTest {

    @Test
    void helpDescribesTheOptions() {
        CliRun run = CliRun.of("consul-sim", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--port", "--datacenter", "--enterprise", "--acl-master-token");
    }

    @Test
    void outOfRangePortIsAUsageErrorNamingTheOption() {
        CliRun run = CliRun.of("consul-sim", "--port", "70000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--port: 70000 (expected: 0..65535)");
    }

    @Test
    void topLevelHelpListsConsulSim() {
        assertThat(CliRun.of("--help").out()).contains("consul-sim");
    }
}
