package io.graylane.consul;

import io.graylane.consul.internal.GoDuration;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to reach Consul. Immutable; built with {@link #builder()}, which checks each argument as it is
 * set. The address comes from {@link Builder#address(String)}, else {@code CONSUL_HTTP_ADDR}, else
 * {@code http://127.0.0.1:8500}; the ACL token from {@link Builder#token(String)}, else
 * {@code CONSUL_HTTP_TOKEN}. The token is sent as {@code X-Consul-Token} and never printed:
 * {@link #toString()} masks it.
 *
 * @param address        base URI, {@code http://host:port} or {@code https://host:port}
 * @param token          ACL token, or empty for none
 * @param datacenter     datacenter sent as {@code ?dc=}, or empty for the agent's own
 * @param namespace      Consul Enterprise namespace sent as {@code ?ns=}, or empty: then {@code ns} is never sent
 * @param connectTimeout TCP (and TLS) connect time-out
 * @param requestTimeout time-out of a non-blocking call, and the margin added to a blocking call's
 *                       {@code wait × 17/16}
 * @param defaultWait    wait of a blocking read that names none
 * @param sslContext     TLS context for {@code https} addresses, or {@code null} for the JDK default
 */
public record ConsulClientConfig(URI address, String token, String datacenter, String namespace,
                                 Duration connectTimeout, Duration requestTimeout, Duration defaultWait,
                                 SSLContext sslContext) {

    /** Where Consul is when nothing says otherwise. */
    public static final URI DEFAULT_ADDRESS = URI.create("http://127.0.0.1:8500");

    public ConsulClientConfig {
        Objects.requireNonNull(address, "address");
        token = token == null ? "" : token;
        datacenter = datacenter == null ? "" : datacenter;
        namespace = namespace == null ? "" : namespace;
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        QueryOptions.checkWait(defaultWait);
    }

    /** A builder reading {@code CONSUL_HTTP_ADDR} and {@code CONSUL_HTTP_TOKEN} from the process environment. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings from the environment alone (or the defaults). */
    public static ConsulClientConfig fromEnvironment() {
        return builder().build();
    }

    /** Whether an ACL token is configured. */
    public boolean hasToken() {
        return !token.isEmpty();
    }

    /** The read time-out of a blocking read: {@code wait × 17/16} (Consul's jitter) plus {@link #requestTimeout}. */
    public Duration blockingTimeout(Duration wait) {
        return wait.plus(wait.dividedBy(16)).plus(requestTimeout);
    }

    @Override
    public String toString() {
        return "ConsulClientConfig[address=" + address + ", token=" + (hasToken() ? "<set>" : "<none>")
                + ", datacenter=" + datacenter + ", namespace=" + namespace
                + ", connectTimeout=" + GoDuration.format(connectTimeout)
                + ", requestTimeout=" + GoDuration.format(requestTimeout)
                + ", defaultWait=" + GoDuration.format(defaultWait) + "]";
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + GoDuration.format(d) + " (expected: > 0)");
        }
        return d;
    }

    /**
     * Parses a Consul address as {@code CONSUL_HTTP_ADDR} accepts it: {@code host:port},
     * {@code http://host:port} or {@code https://host:port} (a path is not allowed).
     *
     * @param https whether a scheme-less address means TLS ({@code CONSUL_HTTP_SSL=true})
     */
    static URI parseAddress(String text, boolean https) {
        String expected = " (expected: host:port, http://host:port or https://host:port)";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address: \"" + text + "\"" + expected);
        }
        String s = text.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            if (s.contains("://")) {
                throw new IllegalArgumentException("address: \"" + s + "\"" + expected);
            }
            s = (https ? "https://" : "http://") + s;
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("address: \"" + text + "\"" + expected, e);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("address: \"" + text + "\"" + expected);
        }
        int port = uri.getPort();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (port == -1) {
            port = scheme.equals("https") ? 8501 : 8500;
        }
        String host = uri.getHost();
        return URI.create(scheme + "://" + host + ":" + port);
    }

    /** Builds a {@link ConsulClientConfig}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private String address;
        private String token;
        private String datacenter = "";
        private String namespace = "";
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration defaultWait = Duration.ofMinutes(1);
        private SSLContext sslContext;
        private Function<String, String> environment = System::getenv;

        private Builder() {
        }

        /** The Consul HTTP address: {@code host:port}, {@code http://…} or {@code https://…}. */
        public Builder address(String value) {
            parseAddress(value, false);
            this.address = value;
            return this;
        }

        /** The Consul HTTP address as a URI. */
        public Builder address(URI value) {
            return address(Objects.requireNonNull(value, "address").toString());
        }

        /** ACL token sent as {@code X-Consul-Token}; {@code null} or empty falls back to {@code CONSUL_HTTP_TOKEN}. */
        public Builder token(String value) {
            this.token = value;
            return this;
        }

        /** Datacenter sent as {@code ?dc=}; empty for the agent's own. */
        public Builder datacenter(String value) {
            this.datacenter = Objects.requireNonNull(value, "datacenter").trim();
            return this;
        }

        /** Consul Enterprise namespace sent as {@code ?ns=}; empty (the default) means {@code ns} is never sent. */
        public Builder namespace(String value) {
            this.namespace = Objects.requireNonNull(value, "namespace").trim();
            return this;
        }

        /** TCP/TLS connect time-out; default 5s. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive("connectTimeout", value);
            return this;
        }

        /** Time-out of non-blocking calls and margin over {@code wait × 17/16} for blocking ones; default 10s. */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = positive("requestTimeout", value);
            return this;
        }

        /** Wait of blocking reads that name none; default 1m, at most 10m. */
        public Builder defaultWait(Duration value) {
            this.defaultWait = QueryOptions.checkWait(value);
            return this;
        }

        /** TLS context for {@code https} addresses; default the JDK's. */
        public Builder sslContext(SSLContext value) {
            this.sslContext = Objects.requireNonNull(value, "sslContext");
            return this;
        }

        /**
         * Where {@code CONSUL_HTTP_ADDR}, {@code CONSUL_HTTP_TOKEN} and {@code CONSUL_HTTP_SSL} are read
         * from: a function returning a variable's value or {@code null}. Default {@link System#getenv(String)};
         * tests pass {@code Map.of(…)::get}.
         */
        public Builder environment(Function<String, String> value) {
            this.environment = Objects.requireNonNull(value, "environment");
            return this;
        }

        /** The configuration; reads the environment for what was not set. */
        public ConsulClientConfig build() {
            URI uri;
            String envAddress = environment.apply("CONSUL_HTTP_ADDR");
            boolean ssl = "true".equalsIgnoreCase(String.valueOf(environment.apply("CONSUL_HTTP_SSL")).trim());
            if (address != null) {
                uri = parseAddress(address, false);
            } else if (envAddress != null && !envAddress.isBlank()) {
                try {
                    uri = parseAddress(envAddress, ssl);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("CONSUL_HTTP_ADDR: " + e.getMessage(), e);
                }
            } else {
                uri = ssl ? URI.create("https://127.0.0.1:8501") : DEFAULT_ADDRESS;
            }
            String t = token;
            if (t == null || t.isEmpty()) {
                String envToken = environment.apply("CONSUL_HTTP_TOKEN");
                t = envToken == null ? "" : envToken.trim();
            }
            return new ConsulClientConfig(uri, t, datacenter, namespace, connectTimeout, requestTimeout,
                    defaultWait, sslContext);
        }
    }
}
