package io.graylane.gateway.consul;

import io.graylane.gateway.cli.GraylaneCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.graylane.gateway.consul.ConsulWorld.CONFIG;
import static io.graylane.gateway.consul.ConsulWorld.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** {@code graylane gateway}'s Consul options, checked before it serves (serving over Consul is {@link GatewayOverConsulTest}). */
class GatewayCommandConsulOptionsTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ConsulWorld world = new ConsulWorld();

    @AfterEach
    void stopEverything() {
        world.close();
    }

    @Test
    void helpDescribesTheConsulOptions() {
        Run run = run("gateway", "--help");

        assertThat(run.code).isZero();
        assertThat(run.out).contains("--consul-key=KEY", "--consul-addr=ADDR", "--state-dir=DIR", "CONSUL_HTTP_ADDR");
    }

    @Test
    void neitherAConfigFileNorAConsulKeyIsAUsageError() {
        Run run = run("gateway", "--port", "0");

        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).isEqualTo("graylane gateway: Missing required option: '--config=FILE' or '--consul-key=KEY'"
                + " (expected: exactly one: a config file, or the Consul KV key holding the config)\n");
    }

    @Test
    void aConfigFileAndAConsulKeyTogetherAreAUsageError() throws Exception {
        Path config = Files.writeString(dir.resolve("graylane.yaml"), CONFIG);

        Run run = run("gateway", "--config", config.toString(), "--consul-key", KEY, "--port", "0");

        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).startsWith("graylane gateway: --config and --consul-key: both given (expected: exactly one");
    }

    @Test
    void aBadConsulAddressOrKeyIsAUsageErrorNamingTheOption() {
        Run address = run("gateway", "--consul-key", KEY, "--consul-addr", "consul/v1", "--port", "0");
        Run key = run("gateway", "--consul-key", "/graylane/", "--port", "0");

        assertThat(address.code).isEqualTo(2);
        assertThat(address.err).isEqualTo("graylane gateway: --consul-addr: consul/v1 (expected: host:port,"
                + " http://host:port or https://host:port)\n");
        assertThat(key.code).isEqualTo(2);
        assertThat(key.err).startsWith("graylane gateway: --consul-key: /graylane/ (expected: a KV key such as graylane/config");
    }

    @Test
    void anInvalidDocumentUnderTheKeyAtStartIsReportedLikeValidateAndExits1() {
        world.consul.kv().put(KEY, CONFIG.replace("defaultLane: stable", "defaultLane: stabel"));

        Run run = run("gateway", "--consul-key", KEY, "--consul-addr", world.consul.address().toString(),
                "--state-dir", dir.resolve("state").toString(), "--port", "0");

        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("consul:graylane/config:5:3: coloring.defaultLane: \"stabel\" (expected: a declared lane")
                .endsWith("consul:graylane/config: 1 error\n");
    }

    private record Run(int code, String out, String err) {
    }

    /** The CLI in-process; a command that unexpectedly started serving would never return, so it is bounded. */
    private static Run run(String... args) {
        return assertTimeoutPreemptively(BOUND, () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = GraylaneCli.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Run(code, out.toString(), err.toString());
        });
    }
}
