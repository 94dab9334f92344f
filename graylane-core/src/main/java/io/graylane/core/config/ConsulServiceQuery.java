package io.graylane.core.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What Consul discovery asks the health API for about one service, beyond its name: tags every
 * entry must carry ({@code ?tag=}, repeated: all of them) and a filter expression ({@code ?filter=},
 * Consul's bexpr, e.g. {@code Service.Meta.env == "prod"}). Consul applies both, so instances they
 * exclude never reach the gateway. Immutable.
 *
 * @param tags   tags every instance must carry, without duplicates; empty for none
 * @param filter the filter expression, or {@code ""} for none
 */
public record ConsulServiceQuery(List<String> tags, String filter) {

    /** No tags, no filter: every instance of the service. */
    public static final ConsulServiceQuery ALL = new ConsulServiceQuery(List.of(), "");

    public ConsulServiceQuery {
        tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag.isEmpty() || !tag.strip().equals(tag)) {
                throw new IllegalArgumentException("tags[" + i + "]: \"" + tag
                        + "\" (expected: a non-empty tag without leading or trailing spaces)");
            }
            if (!seen.add(tag)) {
                throw new IllegalArgumentException("tags[" + i + "]: \"" + tag + "\" (expected: each tag once)");
            }
        }
        filter = Objects.requireNonNull(filter, "filter").strip();
    }

    /** Whether this asks for every instance (no tags, no filter). */
    public boolean isAll() {
        return tags.isEmpty() && filter.isEmpty();
    }

    @Override
    public String toString() {
        return isAll() ? "all instances"
                : (tags.isEmpty() ? "" : "tags " + tags) + (tags.isEmpty() || filter.isEmpty() ? "" : ", ")
                + (filter.isEmpty() ? "" : "filter " + filter);
    }
}
