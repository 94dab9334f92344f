package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.graylane.core.net.Cidr;
import io.graylane.core.rule.Condition;
import io.graylane.core.rule.StickyKey;
import io.graylane.core.rule.ValueMatch;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Binds condition objects ({@code rules[i].when}) to {@link Condition} values. An object with one
 * condition key is that condition; with several, all must hold. Regular expressions are compiled
 * here with RE2 so a bad one fails at load time, not on the first request.
 */
final class ConditionBinder {

    private static final String CONDITION = "a condition object such as {header: {name: X-User-Group, equals: beta}}";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Problems problems;

    ConditionBinder(Problems problems) {
        this.problems = problems;
    }

    /** The condition at {@code path}, or {@code null} after recording errors. */
    Condition condition(JsonNode node, String path) {
        Fields f = Fields.open(problems, node, path, KnownKeys.CONDITION, CONDITION);
        if (f == null) {
            return null;
        }
        if (node.isEmpty()) {
            problems.add(path, "{} (expected: at least one of " + String.join(", ", KnownKeys.CONDITION.keys()) + ")");
            return null;
        }
        boolean ok = f.presentKeys().size() == node.size();
        List<Condition> parts = new ArrayList<>();
        for (String key : f.presentKeys()) {
            Condition c = part(f, key);
            ok &= c != null;
            parts.add(c);
        }
        if (!ok) {
            return null;
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.AllOf(parts);
    }

    private Condition part(Fields f, String key) {
        JsonNode v = f.get(key, CONDITION);
        String p = f.path(key);
        return switch (key) {
            case "header", "cookie", "query" -> named(key, v, p);
            case "path" -> path(v, p);
            case "method" -> method(v, p);
            case "clientCidr" -> clientCidr(v, p);
            case "sticky" -> sticky(v, p);
            case "random" -> random(v, p);
            case "allOf", "anyOf" -> combination(key, v, p);
            case "not" -> {
                Condition inner = condition(v, p);
                yield inner == null ? null : new Condition.Not(inner);
            }
            default -> throw new IllegalStateException("condition key " + key);
        };
    }

    private Condition named(String what, JsonNode v, String p) {
        Fields f = Fields.open(problems, v, p, KnownKeys.NAMED_MATCH,
                "an object with name and one of " + String.join(", ", KnownKeys.VALUE_MATCHERS));
        if (f == null) {
            return null;
        }
        String expectedName = "a " + what + " name";
        String name = f.nonEmptyString("name", expectedName, null);
        if (name != null && what.equals("header") && !isToken(name)) {
            problems.add(f.path("name"), Values.render(f.node().get("name"))
                    + " (expected: a header name: letters, digits and !#$%&'*+-.^_`|~)");
            name = null;
        }
        ValueMatch match = valueMatch(f, KnownKeys.VALUE_MATCHERS, false);
        if (name == null || match == null) {
            return null;
        }
        return switch (what) {
            case "header" -> new Condition.Header(name, match);
            case "cookie" -> new Condition.Cookie(name, match);
            default -> new Condition.Query(name, match);
        };
    }

    private Condition path(JsonNode v, String p) {
        Fields f = Fields.open(problems, v, p, KnownKeys.PATH_MATCH,
                "an object with one of " + String.join(", ", KnownKeys.PATH_MATCHERS));
        if (f == null) {
            return null;
        }
        ValueMatch match = valueMatch(f, KnownKeys.PATH_MATCHERS, true);
        return match == null ? null : new Condition.Path(match);
    }

    private ValueMatch valueMatch(Fields f, List<String> matchers, boolean isPath) {
        List<String> present = matchers.stream().filter(f::has).toList();
        String exactlyOne = "exactly one of " + String.join(", ", matchers);
        if (present.isEmpty()) {
            if (!f.hasUnknownKeys()) {
                problems.add(f.path(), "no matcher (expected: " + exactlyOne + ")");
            }
            return null;
        }
        if (present.size() > 1) {
            problems.add(f.path(), String.join(" and ", present) + " together (expected: " + exactlyOne + ")");
            return null;
        }
        String m = present.get(0);
        JsonNode v = f.get(m, exactlyOne);
        String p = f.path(m);
        String expected = isPath ? "a path starting with '/'" : "a string";
        return switch (m) {
            case "equals" -> {
                String s = literal(v, p, expected, isPath);
                yield s == null ? null : new ValueMatch.Equals(s);
            }
            case "prefix" -> {
                String s = literal(v, p, expected, isPath);
                yield s == null ? null : new ValueMatch.Prefix(s);
            }
            case "regex" -> {
                String s = Values.string(problems, v, p, "an RE2 regular expression");
                yield s == null || !compiles(s, v, p) ? null : new ValueMatch.Regex(s);
            }
            case "present", "absent" -> {
                if (v.isBoolean() && v.booleanValue()) {
                    yield m.equals("present") ? new ValueMatch.Present() : new ValueMatch.Absent();
                }
                String other = m.equals("present") ? "absent" : "present";
                problems.add(p, Values.mismatch(v, "true; for the opposite write " + other + ": true"));
                yield null;
            }
            default -> {
                List<String> values = Values.strings(problems, v, p, "a list of strings", expected);
                if (values == null) {
                    yield null;
                }
                if (values.isEmpty()) {
                    problems.add(p, "[] (expected: at least one value)");
                    yield null;
                }
                boolean ok = true;
                for (int i = 0; i < values.size(); i++) {
                    ok &= !isPath || pathLike(values.get(i), v.get(i), ConfigPaths.index(p, i));
                }
                yield ok ? ValueMatch.In.of(values) : null;
            }
        };
    }

    private String literal(JsonNode v, String p, String expected, boolean isPath) {
        String s = Values.string(problems, v, p, expected);
        return s == null || (isPath && !pathLike(s, v, p)) ? null : s;
    }

    private boolean pathLike(String s, JsonNode v, String p) {
        if (s.startsWith("/")) {
            return true;
        }
        problems.add(p, Values.mismatch(v, "a path starting with '/'"));
        return false;
    }

    private boolean compiles(String regex, JsonNode v, String p) {
        try {
            com.google.re2j.Pattern.compile(regex);
            return true;
        } catch (com.google.re2j.PatternSyntaxException e) {
            problems.add(p, Values.render(v) + " (expected: an RE2 regular expression; " + e.getDescription() + ")");
            return false;
        }
    }

    private Condition method(JsonNode v, String p) {
        String expected = "an HTTP method such as GET, or a list of them";
        List<String> names = v != null && v.isArray()
                ? Values.strings(problems, v, p, expected, "an HTTP method such as GET")
                : v != null && v.isTextual() ? List.of(v.textValue()) : null;
        if (names == null) {
            if (v == null || !v.isArray()) {
                problems.add(p, Values.mismatch(v, expected));
            }
            return null;
        }
        if (names.isEmpty()) {
            problems.add(p, "[] (expected: at least one method)");
            return null;
        }
        Set<String> methods = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!isToken(name)) {
                problems.add(v.isArray() ? ConfigPaths.index(p, i) : p,
                        Values.mismatch(v.isArray() ? v.get(i) : v, "an HTTP method such as GET"));
                ok = false;
            }
            methods.add(name.toUpperCase(Locale.ROOT));
        }
        return ok ? new Condition.Method(methods) : null;
    }

    private Condition clientCidr(JsonNode v, String p) {
        String expected = "a network such as 10.0.0.0/8, or a list of them";
        if (v == null || !(v.isArray() || v.isTextual())) {
            problems.add(p, Values.mismatch(v, expected));
            return null;
        }
        if (v.isArray() && v.isEmpty()) {
            problems.add(p, "[] (expected: at least one network)");
            return null;
        }
        List<Cidr> networks = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < (v.isArray() ? v.size() : 1); i++) {
            JsonNode item = v.isArray() ? v.get(i) : v;
            String itemPath = v.isArray() ? ConfigPaths.index(p, i) : p;
            Cidr cidr = cidr(problems, item, itemPath);
            ok &= cidr != null;
            networks.add(cidr);
        }
        return ok ? new Condition.ClientCidr(networks) : null;
    }

    /** A CIDR network, or {@code null} after recording an error. Shared with the trust section. */
    static Cidr cidr(Problems problems, JsonNode item, String path) {
        String s = Values.string(problems, item, path, "a network such as 10.0.0.0/8 or fd00::/8");
        if (s == null) {
            return null;
        }
        try {
            return Cidr.parse(s);
        } catch (IllegalArgumentException e) {
            problems.addForValue(path, item, e);
            return null;
        }
    }

    private Condition sticky(JsonNode v, String p) {
        Fields f = Fields.open(problems, v, p, KnownKeys.STICKY,
                "an object {key: \"header:X-User-ID\", percent: 5, salt: \"optional\"}");
        if (f == null) {
            return null;
        }
        StickyKey key = null;
        String keyText = f.string("key", "header:NAME, cookie:NAME or query:NAME", null);
        if (keyText != null) {
            try {
                key = StickyKey.parse(keyText);
            } catch (IllegalArgumentException e) {
                problems.addForValue(f.path("key"), f.node().get("key"), e);
            }
        }
        Integer basisPoints = basisPoints(f);
        String salt = f.string("salt", "a string", "");
        if (key == null || basisPoints == null || salt == null) {
            return null;
        }
        return new Condition.Sticky(key, basisPoints, salt);
    }

    private Condition random(JsonNode v, String p) {
        Fields f = Fields.open(problems, v, p, KnownKeys.RANDOM, "an object {percent: 5}");
        if (f == null) {
            return null;
        }
        Integer basisPoints = basisPoints(f);
        return basisPoints == null ? null : new Condition.Random(basisPoints);
    }

    /** {@code percent} as basis points: 5.25 % is 525. At most two decimals, so nothing is rounded. */
    private Integer basisPoints(Fields f) {
        String expected = "a percentage 0..100 with at most 2 decimals, e.g. 5 or 0.25";
        JsonNode v = f.get("percent", expected);
        if (v == null) {
            return null;
        }
        if (v.isNumber() && !(v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue()))) {
            BigDecimal d = v.decimalValue();
            if (d.signum() >= 0 && d.compareTo(HUNDRED) <= 0 && d.stripTrailingZeros().scale() <= 2) {
                return d.movePointRight(2).intValueExact();
            }
        }
        problems.add(f.path("percent"), Values.mismatch(v, expected));
        return null;
    }

    private Condition combination(String key, JsonNode v, String p) {
        if (v == null || !v.isArray() || v.isEmpty()) {
            problems.add(p, Values.mismatch(v, "a non-empty list of conditions"));
            return null;
        }
        List<Condition> parts = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < v.size(); i++) {
            Condition c = condition(v.get(i), ConfigPaths.index(p, i));
            ok &= c != null;
            parts.add(c);
        }
        if (!ok) {
            return null;
        }
        return key.equals("allOf") ? new Condition.AllOf(parts) : new Condition.AnyOf(parts);
    }

    /** RFC 9110 token: what header names and methods are made of. */
    static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }
}
