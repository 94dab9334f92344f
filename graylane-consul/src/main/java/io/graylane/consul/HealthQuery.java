package io.graylane.consul;

import java.util.List;
import java.util.Objects;

/**
 * What to ask {@code GET /v1/health/service/:service} for. Immutable.
 *
 * @param service the service name (required)
 * @param passing {@code ?passing}: only entries whose every check passes (applied after the index)
 * @param tags    {@code ?tag=} repeated: entries must carry all of them
 * @param filter  {@code ?filter=} expression, e.g. {@code Service.Meta.version == "v2"}, or empty
 */
public record HealthQuery(String service, boolean passing, List<String> tags, String filter) {

    public HealthQuery {
        Objects.requireNonNull(service, "service");
        if (service.isEmpty()) {
            throw new IllegalArgumentException("service: \"\" (expected: a service name)");
        }
        tags = List.copyOf(tags == null ? List.of() : tags);
        for (String tag : tags) {
            if (tag.isEmpty()) {
                throw new IllegalArgumentException("tags: \"\" (expected: non-empty tags)");
            }
        }
        filter = filter == null ? "" : filter;
    }

    /** All instances of {@code service}, whatever their health. */
    public static HealthQuery of(String service) {
        return new HealthQuery(service, false, List.of(), "");
    }

    /** A copy asking only for passing instances. */
    public HealthQuery passingOnly() {
        return new HealthQuery(service, true, tags, filter);
    }

    /** A copy that also requires {@code tag}. */
    public HealthQuery withTag(String tag) {
        List<String> more = new java.util.ArrayList<>(tags);
        more.add(tag);
        return new HealthQuery(service, passing, more, filter);
    }

    /** A copy with a filter expression. */
    public HealthQuery withFilter(String expression) {
        return new HealthQuery(service, passing, tags, expression);
    }
}
