package io.graylane.gateway.cli;

import io.graylane.consul.ConsulClient;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.KvConfigWriter;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/** Where the config key is: the options every {@code graylane config} command shares, named as {@code gateway}'s. */
final class ConsulKeyOptions {

    @Option(names = {"--consul-key", "--key"}, paramLabel = "KEY", required = true,
            description = "Consul KV key holding the config, such as graylane/config.")
    String key;

    @Option(names = {"--consul-addr", "--consul"}, paramLabel = "ADDR",
            description = "Consul's address (host:port, http://host:port or https://host:port). Default: CONSUL_HTTP_ADDR, else 127.0.0.1:8500.")
    String address;

    @Option(names = {"--consul-token", "--token"}, paramLabel = "TOKEN",
            description = "ACL token. Default: CONSUL_HTTP_TOKEN (better: a token on the command line shows in ps).")
    String token;

    /** The environment ({@code CONSUL_HTTP_*}); tests replace it. */
    Function<String, String> environment = System::getenv;

    /** {@code consul:<key>}, as the gateway names the source. */
    String origin() {
        return "consul:" + key;
    }

    /**
     * A writer of the key with check-and-set.
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    KvConfigWriter writer() {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("--consul-key: " + key
                    + " (expected: a KV key such as graylane/config, without leading or trailing '/')");
        }
        ConsulClientConfig.Builder b = ConsulClientConfig.builder().environment(environment)
                .requestTimeout(Duration.ofSeconds(10));
        if (address != null) {
            try {
                b.address(address);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--consul-addr: " + address
                        + " (expected: host:port, http://host:port or https://host:port)", e);
            }
        }
        if (token != null) {
            b.token(token);
        }
        return new KvConfigWriter(ConsulClient.create(b.build()), key, Clock.systemUTC());
    }
}
