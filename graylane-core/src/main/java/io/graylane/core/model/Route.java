package io.graylane.core.model;

import java.util.Locale;
import java.util.Objects;

/**
 * Maps requests to a target service by host and/or path prefix. A route with neither matches every
 * request. Routes are tried in configuration order; the first match wins.
 *
 * @param name        name used in metrics and explanations (defaults to the service name)
 * @param host        host to match exactly (case-insensitive, port ignored), {@code *.example.com}
 *                    for any sub-domain, or {@code null} for any host
 * @param pathPrefix  path prefix to match, starting with {@code /}, or {@code null} for any path
 * @param service     target service
 * @param stripPrefix whether to remove {@code pathPrefix} before forwarding
 */
public record Route(String name, String host, String pathPrefix, String service, boolean stripPrefix) {

    public Route {
        Objects.requireNonNull(service, "service");
        if (service.isEmpty()) {
            throw new IllegalArgumentException("service: \"\" (expected: a service name)");
        }
        if (host != null) {
            if (host.isEmpty()) {
                throw new IllegalArgumentException("host: \"\" (expected: a host name or *.domain)");
            }
            host = host.toLowerCase(Locale.ROOT);
        }
        if (pathPrefix != null && !pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("pathPrefix: " + pathPrefix + " (expected: a path starting with '/')");
        }
        if (stripPrefix && pathPrefix == null) {
            throw new IllegalArgumentException("stripPrefix: true (expected: only together with pathPrefix)");
        }
        name = name == null || name.isEmpty() ? service : name;
    }

    /** Whether a request for {@code requestHost} (may include a port) and {@code path} takes this route. */
    public boolean matches(String requestHost, String path) {
        if (host != null) {
            if (requestHost == null) {
                return false;
            }
            // Compare within the host part of "host[:port]" / "[v6]:port" without cutting a new string.
            int from = 0;
            int to = hostEnd(requestHost);
            if (requestHost.startsWith("[")) {
                from = 1;
            }
            int len = to - from;
            if (host.startsWith("*.")) {
                int suffix = host.length() - 1;
                if (!(len > suffix && requestHost.regionMatches(true, to - suffix, host, 1, suffix))) {
                    return false;
                }
            } else if (!(len == host.length() && requestHost.regionMatches(true, from, host, 0, len))) {
                return false;
            }
        }
        if (pathPrefix != null) {
            if (path == null || !path.startsWith(pathPrefix)) {
                return false;
            }
            // "/api" must match "/api" and "/api/x" but not "/apix".
            if (path.length() > pathPrefix.length() && !pathPrefix.endsWith("/")
                    && path.charAt(pathPrefix.length()) != '/' && path.charAt(pathPrefix.length()) != '?') {
                return false;
            }
        }
        return true;
    }

    /** End of the host part: before ":port", before "]" of a bracketed IPv6 literal, else the length. */
    private static int hostEnd(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? end : host.length();
        }
        int colon = host.indexOf(':');
        return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? colon : host.length();
    }
}
