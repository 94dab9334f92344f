package io.graylane.gateway.middleware;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.Headers;
import io.graylane.core.chain.MiddlewareContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One side's header edits of a {@code header} entry — {@code {set: {}, add: {}, remove: []}} — checked
 * at config time (names are tokens, values hold no CR, LF or other control characters, and no edit
 * touches a header the gateway manages) and applied in the order remove, set, add. Immutable.
 */
final class HeaderEdits {

    static final HeaderEdits NONE = new HeaderEdits(new String[0], new String[0], new String[0]);

    /** Headers the gateway sets itself: framing and hop-by-hop (lower case). */
    private static final Set<String> MANAGED = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "http2-settings");

    private final String[] remove;
    /** name, value, name, value … */
    private final String[] set;
    private final String[] add;

    private HeaderEdits(String[] remove, String[] set, String[] add) {
        this.remove = remove;
        this.set = set;
        this.add = add;
    }

    /** The edits under {@code side} ({@code request} or {@code response}); {@link #NONE} when absent. */
    static HeaderEdits parse(MiddlewareContext ctx, String side) {
        Object v = ctx.config().get(side);
        if (v == null) {
            return NONE;
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw ctx.invalid(side, v, "a map with set, add and remove");
        }
        for (Object key : map.keySet()) {
            if (!"set".equals(key) && !"add".equals(key) && !"remove".equals(key)) {
                throw new GraylaneException(ctx.path(side + "." + key) + ": unknown key (expected one of: add, remove, set)");
            }
        }
        return new HeaderEdits(names(ctx, side + ".remove", map.get("remove")),
                pairs(ctx, side + ".set", map.get("set")), pairs(ctx, side + ".add", map.get("add")));
    }

    private static String[] names(MiddlewareContext ctx, String key, Object v) {
        if (v == null) {
            return new String[0];
        }
        if (!(v instanceof List<?> list)) {
            throw ctx.invalid(key, v, "a list of header names");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object name = list.get(i);
            if (!(name instanceof String s)) {
                throw ctx.invalid(key + "[" + i + "]", name, "a header name");
            }
            out.add(checkName(ctx, key + "[" + i + "]", s));
        }
        return out.toArray(new String[0]);
    }

    private static String[] pairs(MiddlewareContext ctx, String key, Object v) {
        if (v == null) {
            return new String[0];
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw ctx.invalid(key, v, "a map of header names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw ctx.invalid(key, v, "a map with header names as keys");
            }
            checkName(ctx, key + "." + name, name);
            if (!(e.getValue() instanceof String value)) {
                throw ctx.invalid(key + "." + name, e.getValue(), "a string (quote numbers: \"2\")");
            }
            try {
                Headers.of(name, value);
            } catch (IllegalArgumentException bad) {
                throw ctx.invalid(key + "." + name, value, "a value without CR, LF or other control characters");
            }
            out.put(name, value);
        }
        String[] flat = new String[out.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : out.entrySet()) {
            flat[i++] = e.getKey();
            flat[i++] = e.getValue();
        }
        return flat;
    }

    private static String checkName(MiddlewareContext ctx, String key, String name) {
        ConfigValues.headerName(ctx, key, name);
        if (MANAGED.contains(ConfigValues.lower(name))) {
            throw ctx.invalid(key, name, "a header the gateway does not manage (framing and hop-by-hop headers"
                    + " are set by the gateway)");
        }
        return name;
    }

    boolean isEmpty() {
        return remove.length == 0 && set.length == 0 && add.length == 0;
    }

    /** Applies the edits to {@code headers}: remove, then set, then add. */
    void apply(Headers headers) {
        for (String name : remove) {
            headers.remove(name);
        }
        for (int i = 0; i < set.length; i += 2) {
            headers.set(set[i], set[i + 1]);
        }
        for (int i = 0; i < add.length; i += 2) {
            headers.add(add[i], add[i + 1]);
        }
    }
}
