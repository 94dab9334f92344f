package io.graylane.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns Consul tags and Meta into instance labels. A tag {@code version=v2} or {@code version:v2}
 * becomes label {@code version -> v2} (split at the first separator found, in the configured order
 * of separators); a bare tag {@code canary} becomes {@code canary -> ""}. Meta entries win over tags
 * with the same key. Stateless and thread-safe.
 *
 * @param separators characters that split a tag into key and value, tried in order (default {@code =}, {@code :})
 * @param tags       whether tags contribute labels at all
 * @param meta       whether Meta contributes labels at all
 */
public record LabelMapping(List<String> separators, boolean tags, boolean meta) {

    /** The documented default: separators {@code =} then {@code :}, tags and Meta both used. */
    public static final LabelMapping DEFAULT = new LabelMapping(List.of("=", ":"), true, true);

    public LabelMapping {
        separators = List.copyOf(Objects.requireNonNull(separators, "separators"));
        for (String s : separators) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("separators: \"\" (expected: non-empty strings)");
            }
        }
    }

    /** Labels for the given tags and Meta; never {@code null}. */
    public Map<String, String> labels(List<String> tagList, Map<String, String> metaMap) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags && tagList != null) {
            for (String tag : tagList) {
                if (tag == null || tag.isEmpty()) {
                    continue;
                }
                int cut = -1;
                int sepLen = 0;
                for (String sep : separators) {
                    int i = tag.indexOf(sep);
                    if (i > 0) {
                        cut = i;
                        sepLen = sep.length();
                        break;
                    }
                }
                if (cut > 0) {
                    out.put(tag.substring(0, cut), tag.substring(cut + sepLen));
                } else {
                    out.putIfAbsent(tag, "");
                }
            }
        }
        if (meta && metaMap != null) {
            out.putAll(metaMap);
        }
        return Map.copyOf(out);
    }
}
