package io.graylane.testkit.consul;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code ?filter=} expression, evaluated against the JSON view of one result element.
 * A selector that passes through a list (e.g. {@code Checks.Status}) yields every element's value and a
 * match holds when any of them matches. Immutable and thread-safe.
 */
sealed interface FilterExpression {

    boolean test(Object element);

    /** Parses and validates {@code text} against {@code schema}; throws {@link FilterException}. */
    static FilterExpression parse(String text, FilterSchema schema) {
        return new FilterParser(text, schema).parse();
    }

    record And(FilterExpression left, FilterExpression right) implements FilterExpression {
        @Override
        public boolean test(Object element) {
            return left.test(element) && right.test(element);
        }
    }

    record Or(FilterExpression left, FilterExpression right) implements FilterExpression {
        @Override
        public boolean test(Object element) {
            return left.test(element) || right.test(element);
        }
    }

    record Not(FilterExpression inner) implements FilterExpression {
        @Override
        public boolean test(Object element) {
            return !inner.test(element);
        }
    }

    enum Operator { EQUAL, NOT_EQUAL, IS_EMPTY, IS_NOT_EMPTY, IN, NOT_IN, CONTAINS, NOT_CONTAINS, MATCHES, NOT_MATCHES }

    /** One matching expression; {@code regex} is compiled once, at parse time, for (not) matches. */
    record Match(List<String> selector, Operator operator, String value, Pattern regex) implements FilterExpression {
        public Match {
            selector = List.copyOf(selector);
        }

        @Override
        public boolean test(Object element) {
            Object v = resolve(element, selector);
            return switch (operator) {
                case EQUAL -> anyEquals(v, value);
                case NOT_EQUAL -> !anyEquals(v, value);
                case IS_EMPTY -> isEmpty(v);
                case IS_NOT_EMPTY -> !isEmpty(v);
                case IN, CONTAINS -> contains(v, value);
                case NOT_IN, NOT_CONTAINS -> !contains(v, value);
                case MATCHES -> anyMatches(v, regex);
                case NOT_MATCHES -> !anyMatches(v, regex);
            };
        }
    }

    private static Object resolve(Object root, List<String> path) {
        Object at = root;
        for (String segment : path) {
            at = step(at, segment);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    private static Object step(Object at, String segment) {
        if (at instanceof Map<?, ?> map) {
            return map.get(segment);
        }
        if (at instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object e : list) {
                Object v = step(e, segment);
                if (v instanceof Collection<?> c) {
                    out.addAll(c);
                } else if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        return null;
    }

    private static boolean anyEquals(Object v, String expected) {
        if (v instanceof Collection<?> c) {
            return c.stream().anyMatch(e -> scalar(e) != null && scalar(e).equals(expected));
        }
        String s = scalar(v);
        return s != null && s.equals(expected);
    }

    private static boolean isEmpty(Object v) {
        if (v == null) {
            return true;
        }
        if (v instanceof Collection<?> c) {
            return c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty();
        }
        return scalar(v).isEmpty();
    }

    private static boolean contains(Object v, String needle) {
        if (v instanceof Collection<?> c) {
            return c.stream().anyMatch(e -> needle.equals(scalar(e)));
        }
        if (v instanceof Map<?, ?> m) {
            return m.containsKey(needle);
        }
        String s = scalar(v);
        return s != null && s.contains(needle);
    }

    private static boolean anyMatches(Object v, Pattern regex) {
        if (v instanceof Collection<?> c) {
            return c.stream().anyMatch(e -> scalar(e) != null && regex.matcher(scalar(e)).find());
        }
        String s = scalar(v);
        return s != null && regex.matcher(s).find();
    }

    private static String scalar(Object v) {
        if (v == null || v instanceof Map || v instanceof Collection) {
            return null;
        }
        return String.valueOf(v);
    }
}
