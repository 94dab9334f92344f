package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.ChainEntry;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@link MiddlewareFactory} gets to build one chain entry: its id, type and config, with typed
 * getters whose errors name the config path, e.g.
 * {@code chain[id=rate].config.limit: -1 (expected: > 0)}. Getters with a fallback return it when
 * the key is absent or {@code null}; getters without one require the key. Immutable and thread-safe.
 */
public final class MiddlewareContext {

    private final String id;
    private final String type;
    private final Map<String, Object> config;
    private final String path;

    /**
     * @param id     the entry's id
     * @param type   the entry's type
     * @param config the entry's config (plain JSON-like values); copied
     */
    public MiddlewareContext(String id, String type, Map<String, ?> config) {
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(config, "config")));
        this.path = "chain[id=" + id + "].config";
    }

    /** The context for {@code entry}. */
    public static MiddlewareContext of(ChainEntry entry) {
        return new MiddlewareContext(entry.id(), entry.type(), entry.config());
    }

    /** The entry's id, unique in its chain. */
    public String id() {
        return id;
    }

    /** The entry's type. */
    public String type() {
        return type;
    }

    /** The raw config, in declared order. */
    public Map<String, Object> config() {
        return config;
    }

    /** The config path of {@code key}, e.g. {@code chain[id=rate].config.limit}, for messages. */
    public String path(String key) {
        return path + "." + key;
    }

    /** Whether {@code key} is present with a non-null value. */
    public boolean has(String key) {
        return config.get(key) != null;
    }

    /**
     * An error for {@code key}: {@code chain[id=rate].config.limit: -1 (expected: > 0)}. Factories
     * throw it for checks the getters do not make.
     */
    public GraylaneException invalid(String key, Object value, String expected) {
        return new GraylaneException(path(key) + ": " + render(value) + " (expected: " + expected + ")");
    }

    /**
     * Rejects keys other than {@code known}, so a typo ({@code limt}) is an error instead of a
     * silently ignored setting.
     */
    public void requireOnly(String... known) {
        Set<String> allowed = new TreeSet<>(List.of(known));
        for (String key : config.keySet()) {
            if (!allowed.contains(key)) {
                throw new GraylaneException(path(key) + ": unknown key (expected one of: "
                        + (allowed.isEmpty() ? "no keys" : String.join(", ", allowed)) + ")");
            }
        }
    }

    /** Required non-empty string. */
    public String string(String key) {
        Object v = require(key, "a non-empty string");
        if (!(v instanceof String s) || s.isEmpty()) {
            throw invalid(key, v, "a non-empty string");
        }
        return s;
    }

    /** String, or {@code fallback} when absent. */
    public String string(String key, String fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw invalid(key, v, "a string");
        }
        return s;
    }

    /** Integer, or {@code fallback} when absent. */
    public int intValue(String key, int fallback) {
        Object v = config.get(key);
        return v == null ? fallback : toInt(key, v);
    }

    /** Required integer greater than zero. */
    public int positiveInt(String key) {
        return positive(key, toInt(key, require(key, "an integer > 0")));
    }

    /** Integer greater than zero, or {@code fallback} when absent. */
    public int positiveInt(String key, int fallback) {
        Object v = config.get(key);
        return v == null ? fallback : positive(key, toInt(key, v));
    }

    private int positive(String key, int value) {
        if (value <= 0) {
            throw invalid(key, value, "> 0");
        }
        return value;
    }

    /** Long integer, or {@code fallback} when absent. */
    public long longValue(String key, long fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        Long n = integral(v);
        if (n == null) {
            throw invalid(key, v, "an integer");
        }
        return n;
    }

    /** Finite number, or {@code fallback} when absent. */
    public double doubleValue(String key, double fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw invalid(key, v, "a number");
        }
        return n.doubleValue();
    }

    /** Boolean ({@code true}/{@code false}, not a string), or {@code fallback} when absent. */
    public boolean bool(String key, boolean fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw invalid(key, v, "true or false");
        }
        return b;
    }

    /**
     * Duration written as {@code 250ms}, {@code 5s}, {@code 1m30s}, {@code 1.5h} (units ns, us, ms, s,
     * m, h) or ISO-8601 ({@code PT5S}); {@code fallback} when absent.
     */
    public Duration duration(String key, Duration fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        Duration d = v instanceof String s ? Durations.parse(s) : null;
        if (d == null) {
            throw invalid(key, v, "a duration such as 250ms, 5s or 1m30s");
        }
        return d;
    }

    /** List of strings; empty when absent. */
    public List<String> stringList(String key) {
        Object v = config.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw invalid(key, v, "a list of strings");
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw invalid(key + "[" + i + "]", list.get(i), "a string");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** Map of strings to strings in declared order; empty when absent. */
    public Map<String, String> stringMap(String key) {
        Object v = config.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw invalid(key, v, "a map of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw invalid(key, v, "a map with string keys");
            }
            if (!(e.getValue() instanceof String s)) {
                throw invalid(key + "." + k, e.getValue(), "a string");
            }
            out.put(k, s);
        }
        return Collections.unmodifiableMap(out);
    }

    private Object require(String key, String expected) {
        Object v = config.get(key);
        if (v == null) {
            throw new GraylaneException(path(key) + ": missing (expected: " + expected + ")");
        }
        return v;
    }

    private int toInt(String key, Object v) {
        Long n = integral(v);
        if (n == null) {
            throw invalid(key, v, "an integer");
        }
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw invalid(key, v, "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        }
        return (int) (long) n;
    }

    /** The value as a long when it is a whole number that fits, else {@code null}. */
    private static Long integral(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? b.longValue() : null;
        }
        if (v instanceof BigDecimal b) {
            try {
                return b.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // YAML and JSON parsers may hand over 10.0 for 10; accept whole numbers only.
            return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (long) d : null;
        }
        return null;
    }

    /** How a config value appears in messages: strings quoted and shortened, collections by kind. */
    static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
            return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
        }
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return "MiddlewareContext[id=" + id + ", type=" + type + ", config=" + config.keySet() + "]";
    }
}
