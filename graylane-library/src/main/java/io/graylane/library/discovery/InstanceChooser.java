package io.graylane.library.discovery;

import io.graylane.core.engine.LaneEngine;
import io.graylane.core.route.Decision;
import io.graylane.library.context.LaneContext;
import io.graylane.library.engine.LaneEngineSource;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses an instance of a logical service for the current lane: {@code http://orders/api} becomes
 * {@code http://10.0.0.7:8080/api} for a healthy instance of the lane's subset, walking the lane's
 * fallback chain when it has none, and failing with {@link LaneRoutingException} when the lane is
 * strict. The lane is the one bound in {@link LaneContext}, else the configuration's default lane.
 * Host names that are not logical services (every name not in the configuration's routes, its static
 * instances or {@link #withServices extra names}) are left untouched. Reads the engine afresh on each
 * call, so discovery changes apply at once. Immutable and thread-safe.
 */
public final class InstanceChooser {

    private final LaneEngineSource engines;
    private final Set<String> extraServices;

    private InstanceChooser(LaneEngineSource engines, Set<String> extraServices) {
        this.engines = engines;
        this.extraServices = extraServices;
    }

    /** A chooser over {@code engines}' current engine and logical service names. */
    public static InstanceChooser of(LaneEngineSource engines) {
        return new InstanceChooser(Objects.requireNonNull(engines, "engines"), Set.of());
    }

    /**
     * A chooser that also treats {@code services} as logical host names (for services discovered but
     * not named by any route of the configuration).
     */
    public InstanceChooser withServices(Collection<String> services) {
        Set<String> names = new java.util.HashSet<>(extraServices);
        for (String s : services) {
            names.add(Objects.requireNonNull(s, "service").toLowerCase(Locale.ROOT));
        }
        return new InstanceChooser(engines, Set.copyOf(names));
    }

    /** Whether {@code host} names a logical service this chooser resolves (case-insensitive). */
    public boolean isLogicalService(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        return engines.service(host) != null || extraServices.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Decides {@code service} for the current lane (else the default lane). Rejections are decisions. */
    public Decision decide(String service) {
        return decide(service, null);
    }

    /**
     * Decides {@code service} for {@code lane}; {@code null} means the current lane, else the
     * configuration's default lane. Rejections are decisions, not exceptions.
     */
    public Decision decide(String service, String lane) {
        Objects.requireNonNull(service, "service");
        LaneEngine engine = engines.current();
        String effective = lane != null ? lane : LaneContext.lane();
        if (effective == null) {
            effective = engine.config().coloring().defaultLane();
        }
        return engine.decide(service, effective, ThreadLocalRandom.current());
    }

    /**
     * {@code uri} with its host and port replaced by an instance chosen for the current lane when its
     * host is a logical service; {@code uri} itself otherwise.
     *
     * @throws LaneRoutingException when the lane cannot be served
     */
    public URI resolve(URI uri) throws LaneRoutingException {
        return resolve(uri, null);
    }

    /**
     * {@code uri} with its host and port replaced by an instance chosen for {@code lane} ({@code null}:
     * the current lane, else the default lane) when its host is a logical service; {@code uri} itself
     * otherwise.
     *
     * @throws LaneRoutingException when the lane cannot be served
     */
    public URI resolve(URI uri, String lane) throws LaneRoutingException {
        Objects.requireNonNull(uri, "uri");
        String host = uri.getHost();
        if (!isLogicalService(host)) {
            return uri;
        }
        String service = engines.service(host);
        Decision decision = decide(service != null ? service : host.toLowerCase(Locale.ROOT), lane);
        if (decision.rejected()) {
            throw new LaneRoutingException(decision.resolution());
        }
        return withAuthority(uri, decision.instance().authority());
    }

    /** {@code uri} with another {@code host:port}, keeping its raw (already encoded) path, query and fragment. */
    static URI withAuthority(URI uri, String authority) {
        StringBuilder sb = new StringBuilder();
        sb.append(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            sb.append(uri.getRawUserInfo()).append('@');
        }
        sb.append(authority);
        if (uri.getRawPath() != null) {
            sb.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            sb.append('#').append(uri.getRawFragment());
        }
        return URI.create(sb.toString());
    }

    @Override
    public String toString() {
        return "InstanceChooser[services=" + engines.services() + (extraServices.isEmpty() ? "" : " + " + extraServices) + "]";
    }
}
