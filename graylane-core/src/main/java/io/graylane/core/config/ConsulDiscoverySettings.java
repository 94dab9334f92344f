package io.graylane.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code discovery.consul} section: instances of routed services come from Consul's health API.
 * Core only carries these settings; the gateway's Consul adapter acts on them. The datacenter and
 * namespace of every query come from {@link io.graylane.core.model.Scope}. Immutable; {@link #toString()}
 * never shows the token.
 *
 * @param address     Consul's HTTP address ({@code host:port}, {@code http://host:port} or
 *                    {@code https://host:port}), or {@code ""} for {@code CONSUL_HTTP_ADDR}, else
 *                    {@code 127.0.0.1:8500}
 * @param token       ACL token, or {@code ""} for {@code CONSUL_HTTP_TOKEN}, else none
 * @param onlyPassing whether only instances whose every check passes take traffic (Consul's
 *                    {@code ?passing}); when false, warning instances take traffic too (at their warning
 *                    weight) and critical or maintenance ones never do
 * @param waitTime    the {@code ?wait=} of each blocking read, more than 0 and at most 10 minutes
 * @param stale       whether any Consul server may answer ({@code ?stale}), not only the leader
 * @param query       the tags and filter of every service's query, unless {@code services} says otherwise
 * @param services    per-service queries (already merged with {@code query}) by service name
 */
public record ConsulDiscoverySettings(String address, String token, boolean onlyPassing, Duration waitTime,
                                      boolean stale, ConsulServiceQuery query, Map<String, ConsulServiceQuery> services) {

    /** Consul's upper bound on a blocking read's wait. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(10);

    /** The wait when none is given: one minute, so a silently dead connection is noticed soon. */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(1);

    /** {@code discovery: {consul: {}}}: address and token from the environment, all instances, 1m waits. */
    public static final ConsulDiscoverySettings DEFAULT = new ConsulDiscoverySettings("", "", false, DEFAULT_WAIT, false);

    /** Settings whose queries ask for every instance of each service (no tags, no filter). */
    public ConsulDiscoverySettings(String address, String token, boolean onlyPassing, Duration waitTime, boolean stale) {
        this(address, token, onlyPassing, waitTime, stale, ConsulServiceQuery.ALL, Map.of());
    }

    private static final String ADDRESS_EXPECTED = "host:port, http://host:port or https://host:port";

    public ConsulDiscoverySettings {
        address = Objects.requireNonNull(address, "address").strip();
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(waitTime, "waitTime");
        Objects.requireNonNull(query, "query");
        services = Map.copyOf(Objects.requireNonNull(services, "services"));
        if (!address.isEmpty()) {
            checkAddress(address);
        }
        if (waitTime.isNegative() || waitTime.isZero() || waitTime.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("waitTime: " + waitTime.toMillis() + "ms (expected: more than 0s and at most 10m)");
        }
    }

    /** The tags and filter of {@code service}'s query: its own entry under {@code services}, else {@link #query()}. */
    public ConsulServiceQuery queryFor(String service) {
        return services.getOrDefault(service, query);
    }

    /** Whether a token is set here (else {@code CONSUL_HTTP_TOKEN} applies). */
    public boolean hasToken() {
        return !token.isEmpty();
    }

    @Override
    public String toString() {
        return "ConsulDiscoverySettings[address=" + (address.isEmpty() ? "<environment>" : address)
                + ", token=" + (hasToken() ? "<set>" : "<environment>") + ", onlyPassing=" + onlyPassing
                + ", waitTime=" + waitTime.toMillis() + "ms, stale=" + stale + ", query=" + query
                + (services.isEmpty() ? "" : ", services=" + new java.util.TreeMap<>(services)) + "]";
    }

    private static void checkAddress(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        boolean hasScheme = lower.startsWith("http://") || lower.startsWith("https://");
        if (!hasScheme && address.contains("://")) {
            throw badAddress(address);
        }
        URI uri;
        try {
            uri = new URI(hasScheme ? address : "http://" + address);
        } catch (URISyntaxException e) {
            throw badAddress(address);
        }
        String path = uri.getRawPath();
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || path != null && !path.isEmpty() && !path.equals("/")
                || uri.getPort() == 0 || uri.getPort() > 65535) {
            throw badAddress(address);
        }
    }

    private static IllegalArgumentException badAddress(String address) {
        return new IllegalArgumentException("address: \"" + address + "\" (expected: " + ADDRESS_EXPECTED + ")");
    }
}
