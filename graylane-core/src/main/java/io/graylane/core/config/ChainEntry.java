package io.graylane.core.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One configured middleware: the chain is an ordered list of these.
 *
 * @param id      unique id within the chain, used in errors, metrics and ordering constraints
 * @param type    middleware type, e.g. {@code recover} or a plugin's type
 * @param config  type-specific settings (plain JSON-like values: maps, lists, strings, numbers, booleans)
 * @param enabled whether it runs
 * @param after   ids this entry must run after
 * @param before  ids this entry must run before
 */
public record ChainEntry(String id, String type, Map<String, Object> config, boolean enabled,
                         List<String> after, List<String> before) {
    public ChainEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
        after = List.copyOf(after == null ? List.of() : after);
        before = List.copyOf(before == null ? List.of() : before);
    }
}
