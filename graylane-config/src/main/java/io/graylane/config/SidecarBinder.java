package io.graylane.config;

import io.graylane.core.config.TrustSettings;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Route;
import io.graylane.core.net.Cidr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@code mode} and {@code sidecar}. In sidecar mode the section is turned into what the engine
 * already knows, so nothing downstream needs a mode: routes are added after the configured ones (per
 * known service, one whose {@code host} is the service name, with each of {@code hostSuffixes}, and/or
 * one whose {@code pathPrefix} is {@code /<service>}), and the loopback networks are added to
 * {@code trust.trustedCidrs} unless {@code trustLoopback} is false. Contradictions (a sidecar section
 * in edge mode, a configured route that matches everything so sidecar routing could never apply) are
 * errors. Used once per load, by one thread.
 */
final class SidecarBinder {

    /** 127.0.0.0/8 and ::1: the callers of a sidecar on the same host. */
    static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));

    private static final String MODE_EXPECTED = "edge or sidecar";
    private static final String SUFFIX_EXPECTED = "a host suffix starting with '.', such as .service.consul";

    /**
     * What the engine gets.
     *
     * @param routes the configured routes, then the generated ones
     * @param trust  the trust settings, loopback added when the sidecar trusts it
     */
    record Applied(List<Route> routes, TrustSettings trust) {
    }

    private final Problems problems;

    SidecarBinder(Problems problems) {
        this.problems = problems;
    }

    /**
     * Binds {@code mode} and {@code sidecar} of {@code root}; the routes and trust the engine gets, or
     * {@code null} when errors were recorded (here or, as a {@code null} argument, before).
     */
    Applied apply(Fields root, List<Route> routes, TrustSettings trust, Map<String, List<Instance>> staticInstances) {
        String mode = root.string("mode", MODE_EXPECTED, "edge");
        if (mode != null && !mode.equals("edge") && !mode.equals("sidecar")) {
            problems.add(root.path("mode"), Values.quote(mode) + " (expected: " + MODE_EXPECTED + ")");
            mode = null;
        }
        boolean sidecar = "sidecar".equals(mode);
        if (mode != null && !sidecar && root.has("sidecar")) {
            problems.add(root.path("sidecar"), "only read in sidecar mode (expected: mode: sidecar next to it, or no"
                    + " sidecar section)");
            return null;
        }
        Settings s = sidecar ? root.section("sidecar", KnownKeys.SIDECAR, Settings.DEFAULT, this::settings) : Settings.DEFAULT;
        if (mode == null || s == null || routes == null || trust == null || staticInstances == null) {
            return null;
        }
        if (!sidecar) {
            return new Applied(routes, trust);
        }
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            if (r.host() == null && r.pathPrefix() == null) {
                problems.add(ConfigPaths.index(root.path("routes"), i), "a route without host or pathPrefix matches every"
                        + " request (expected: in sidecar mode, routes that leave some requests to routing by Host or"
                        + " path; give it a host or pathPrefix)");
                return null;
            }
        }
        Set<String> services = new LinkedHashSet<>();
        routes.forEach(r -> services.add(r.service()));
        services.addAll(staticInstances.keySet());
        services.addAll(s.services);
        List<Route> all = new ArrayList<>(routes);
        for (String by : s.routeBy) {
            for (String service : services) {
                if (by.equals("host")) {
                    all.add(new Route("host:" + service, service, null, service, false));
                    for (String suffix : s.hostSuffixes) {
                        all.add(new Route("host:" + service, service + suffix, null, service, false));
                    }
                } else {
                    all.add(new Route("path:" + service, null, "/" + service, service, s.stripServicePrefix));
                }
            }
        }
        TrustSettings effective = trust;
        if (s.trustLoopback) {
            List<Cidr> cidrs = new ArrayList<>(trust.trustedCidrs());
            for (Cidr loopback : LOOPBACK) {
                if (!cidrs.contains(loopback)) {
                    cidrs.add(loopback);
                }
            }
            effective = new TrustSettings(cidrs, trust.keys());
        }
        return new Applied(all, effective);
    }

    private record Settings(List<String> routeBy, List<String> hostSuffixes, boolean stripServicePrefix,
                            boolean trustLoopback, List<String> services) {
        static final Settings DEFAULT = new Settings(List.of("host", "path"), List.of(), true, true, List.of());
    }

    private Settings settings(Fields f) {
        Settings d = Settings.DEFAULT;
        List<String> routeBy = f.strings("routeBy", "a list of host and/or path, such as [host, path]", "host or path",
                d.routeBy());
        List<String> suffixes = f.strings("hostSuffixes", "a list of host suffixes such as [.service.consul]",
                SUFFIX_EXPECTED, d.hostSuffixes());
        boolean strip = f.bool("stripServicePrefix", d.stripServicePrefix());
        boolean trustLoopback = f.bool("trustLoopback", d.trustLoopback());
        List<String> services = f.strings("services", "a list of service names such as [orders, payments]",
                "a service name", d.services());
        boolean ok = routeBy != null && suffixes != null && services != null;
        if (routeBy != null) {
            ok &= each(f.path("routeBy"), routeBy, v -> v.equals("host") || v.equals("path"), "host or path");
            if (routeBy.isEmpty() && f.has("routeBy")) {
                problems.add(f.path("routeBy"), "[] (expected: host, path or both: a sidecar routes by at least one)");
                ok = false;
            }
        }
        if (suffixes != null) {
            ok &= each(f.path("hostSuffixes"), suffixes, v -> v.length() > 1 && v.startsWith(".") && !v.endsWith(".")
                    && v.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.'), SUFFIX_EXPECTED);
        }
        if (services != null) {
            ok &= each(f.path("services"), services, v -> !v.isEmpty() && v.chars().noneMatch(c -> c == '/' || c <= ' '),
                    "a service name without '/' or spaces");
        }
        return ok ? new Settings(routeBy, suffixes, strip, trustLoopback, services) : null;
    }

    /** Checks every item and that none repeats; records an error naming each bad one. */
    private boolean each(String path, List<String> values, java.util.function.Predicate<String> valid, String expected) {
        boolean ok = true;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (!valid.test(v)) {
                problems.add(ConfigPaths.index(path, i), Values.quote(v) + " (expected: " + expected + ")");
                ok = false;
            } else if (!seen.add(v)) {
                problems.add(ConfigPaths.index(path, i), Values.quote(v) + " (expected: each value once)");
                ok = false;
            }
        }
        return ok;
    }
}
