package io.graylane.consul;

import java.time.Duration;
import java.util.Objects;

/**
 * A check registered with a service through the agent: TTL (the service reports its own health with
 * {@link ConsulClient#checkPass}), HTTP or TCP. Immutable; make them with the factories.
 *
 * @param name                           check name, or empty for Consul's default
 * @param ttl                            TTL of a TTL check, else {@code null}
 * @param http                           URL of an HTTP check, else empty
 * @param tcp                            {@code host:port} of a TCP check, else empty
 * @param interval                       interval of an HTTP/TCP check, else {@code null}
 * @param timeout                        time-out of an HTTP/TCP check, or {@code null}
 * @param status                         initial status ({@code passing}, {@code warning}, {@code critical}), or empty for Consul's ({@code critical})
 * @param deregisterCriticalServiceAfter deregister the service after it was critical this long, or {@code null}
 */
public record CheckDefinition(String name, Duration ttl, String http, String tcp, Duration interval, Duration timeout,
                              String status, Duration deregisterCriticalServiceAfter) {

    public CheckDefinition {
        name = name == null ? "" : name;
        http = http == null ? "" : http;
        tcp = tcp == null ? "" : tcp;
        status = status == null ? "" : status;
        int kinds = (ttl != null ? 1 : 0) + (!http.isEmpty() ? 1 : 0) + (!tcp.isEmpty() ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException("check: " + kinds + " kinds (expected: exactly one of ttl, http, tcp)");
        }
        if (ttl == null && interval == null) {
            throw new IllegalArgumentException("interval: null (expected: an interval for an http or tcp check)");
        }
        if (!status.isEmpty() && !status.equals("passing") && !status.equals("warning") && !status.equals("critical")) {
            throw new IllegalArgumentException("status: " + status + " (expected: passing, warning or critical)");
        }
    }

    /** A TTL check: critical unless {@link ConsulClient#checkPass} is called at least every {@code ttl}. */
    public static CheckDefinition ttl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        return new CheckDefinition("", ttl, "", "", null, null, "", null);
    }

    /** An HTTP check of {@code url} every {@code interval}. */
    public static CheckDefinition http(String url, Duration interval) {
        return new CheckDefinition("", null, url, "", interval, null, "", null);
    }

    /** A TCP connect check of {@code hostPort} every {@code interval}. */
    public static CheckDefinition tcp(String hostPort, Duration interval) {
        return new CheckDefinition("", null, "", hostPort, interval, null, "", null);
    }

    /** A copy starting in {@code initialStatus}. */
    public CheckDefinition withStatus(String initialStatus) {
        return new CheckDefinition(name, ttl, http, tcp, interval, timeout, initialStatus, deregisterCriticalServiceAfter);
    }

    /** A copy named {@code checkName}. */
    public CheckDefinition withName(String checkName) {
        return new CheckDefinition(checkName, ttl, http, tcp, interval, timeout, status, deregisterCriticalServiceAfter);
    }

    /** A copy that deregisters its service after being critical for {@code after}. */
    public CheckDefinition withDeregisterCriticalServiceAfter(Duration after) {
        return new CheckDefinition(name, ttl, http, tcp, interval, timeout, status, after);
    }
}
