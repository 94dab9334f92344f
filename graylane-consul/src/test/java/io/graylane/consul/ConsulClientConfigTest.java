package io.graylane.consul;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsulClientConfigTest {

    @ParameterizedTest(name = "CONSUL_HTTP_ADDR={0} -> {1}")
    @CsvSource({
            "127.0.0.1:8500, http://127.0.0.1:8500",
            "consul.internal:9500, http://consul.internal:9500",
            "http://10.0.0.1:8500, http://10.0.0.1:8500",
            "https://consul.example.com:8501, https://consul.example.com:8501",
            "https://consul.example.com, https://consul.example.com:8501",
            "http://consul/, http://consul:8500",
            "'[::1]:8500', 'http://[::1]:8500'",
    })
    void theAddressComesFromTheEnvironmentInEveryFormConsulAccepts(String env, String expected) {
        ConsulClientConfig config = ConsulClientConfig.builder().environment(Map.of("CONSUL_HTTP_ADDR", env)::get)
                .build();

        assertThat(config.address()).isEqualTo(URI.create(expected));
    }

    @Test
    void aHostPortAddressUsesTlsWhenConsulHttpSslIsTrue() {
        ConsulClientConfig config = ConsulClientConfig.builder()
                .environment(Map.of("CONSUL_HTTP_ADDR", "consul:8501", "CONSUL_HTTP_SSL", "true")::get).build();

        assertThat(config.address()).isEqualTo(URI.create("https://consul:8501"));
    }

    @Test
    void anExplicitAddressWinsOverTheEnvironment() {
        ConsulClientConfig config = ConsulClientConfig.builder().address("http://a:1")
                .environment(Map.of("CONSUL_HTTP_ADDR", "b:2")::get).build();

        assertThat(config.address()).isEqualTo(URI.create("http://a:1"));
    }

    @Test
    void withNothingConfiguredTheLocalAgentIsUsed() {
        ConsulClientConfig config = ConsulClientConfig.builder().environment(k -> null).build();

        assertThat(config.address()).isEqualTo(URI.create("http://127.0.0.1:8500"));
        assertThat(config.hasToken()).isFalse();
        assertThat(config.namespace()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"unix:///var/run/consul.sock", "ftp://x:1", "http://x:1/v1", "http://user@x:1", " "})
    void anAddressConsulDoesNotAcceptIsRefusedWithTheExpectedForms(String bad) {
        assertThatThrownBy(() -> ConsulClientConfig.builder().address(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(expected: host:port, http://host:port or https://host:port)");
    }

    @Test
    void aBadAddressInTheEnvironmentNamesTheVariable() {
        assertThatThrownBy(() -> ConsulClientConfig.builder()
                .environment(Map.of("CONSUL_HTTP_ADDR", "unix:///sock")::get).build())
                .hasMessageStartingWith("CONSUL_HTTP_ADDR: address: \"unix:///sock\"");
    }

    @Test
    void theTokenComesFromTheEnvironmentUnlessSetAndIsNeverPrinted() {
        ConsulClientConfig fromEnv = ConsulClientConfig.builder()
                .environment(Map.of("CONSUL_HTTP_TOKEN", "s3cr3t-token")::get).build();
        ConsulClientConfig explicit = ConsulClientConfig.builder().token("mine")
                .environment(Map.of("CONSUL_HTTP_TOKEN", "s3cr3t-token")::get).build();

        assertThat(fromEnv.token()).isEqualTo("s3cr3t-token");
        assertThat(explicit.token()).isEqualTo("mine");
        assertThat(fromEnv.toString()).doesNotContain("s3cr3t").contains("token=<set>");
    }

    @Test
    void settersCheckTheirArgumentsAsTheyAreSet() {
        assertThatThrownBy(() -> ConsulClientConfig.builder().defaultWait(Duration.ZERO))
                .hasMessage("wait: 0s (expected: > 0)");
        assertThatThrownBy(() -> ConsulClientConfig.builder().defaultWait(Duration.ofMinutes(11)))
                .hasMessage("wait: 11m (expected: <= 10m)");
        assertThatThrownBy(() -> ConsulClientConfig.builder().connectTimeout(Duration.ofSeconds(-1)))
                .hasMessage("connectTimeout: -1s (expected: > 0)");
        assertThatThrownBy(() -> ConsulClientConfig.builder().requestTimeout(Duration.ZERO))
                .hasMessage("requestTimeout: 0s (expected: > 0)");
        assertThatThrownBy(() -> WatchSettings.builder().burst(0)).hasMessage("burst: 0 (expected: >= 1)");
        assertThatThrownBy(() -> WatchSettings.builder().ratePerSecond(0))
                .hasMessage("ratePerSecond: 0.0 (expected: > 0)");
    }

    @Test
    void theBlockingReadTimeoutExceedsTheWaitPlusConsulsJitter() {
        ConsulClientConfig config = ConsulClientConfig.builder().environment(k -> null)
                .requestTimeout(Duration.ofSeconds(2)).build();

        Duration wait = Duration.ofMinutes(5);
        assertThat(config.blockingTimeout(wait)).isGreaterThan(wait.plus(wait.dividedBy(16)))
                .isEqualTo(Duration.ofSeconds(300 + 18).plusMillis(750 + 2000));
    }
}
