package io.graylane.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * A named traffic class. Instances whose labels hold every pair of the {@code selector} serve the
 * lane; when none (or none healthy) exist the request walks to the {@code fallback} lane, unless the
 * lane is {@code strict}, in which case it is rejected with a reason. An empty selector matches every
 * instance (the baseline lane, usually {@code stable}).
 *
 * @param name     lane name: letters, digits, {@code -}, {@code _} and {@code .}
 * @param selector label pairs that must all hold
 * @param fallback the lane to try next, or {@code null} for none
 * @param strict   reject instead of falling back
 */
public record Lane(String name, Map<String, String> selector, String fallback, boolean strict) {

    /** The longest lane name. */
    public static final int MAX_NAME_LENGTH = 63;

    public Lane {
        Objects.requireNonNull(name, "name");
        checkName(name);
        selector = Map.copyOf(selector == null ? Map.of() : selector);
        if (fallback != null) {
            checkName(fallback);
            if (fallback.equals(name)) {
                throw new IllegalArgumentException("fallback: " + name + " (expected: another lane than itself)");
            }
        }
    }

    /** A lane with no selector and no fallback, such as {@code stable}. */
    public static Lane baseline(String name) {
        return new Lane(name, Map.of(), null, false);
    }

    /**
     * Whether {@code name} is a syntactically valid lane name: {@code [A-Za-z0-9][A-Za-z0-9._-]{0,62}}
     * (1-63 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit).
     */
    public static boolean isValidName(String name) {
        return name != null && isValidName(name, 0, name.length());
    }

    /**
     * {@link #isValidName(String)} for {@code s[from, to)}, without copying it or running a regex: the
     * request paths (trusted lane headers, signed values, library lane state) check names with it.
     */
    public static boolean isValidName(CharSequence s, int from, int to) {
        int length = to - from;
        if (length < 1 || length > MAX_NAME_LENGTH || !isAlphanumeric(s.charAt(from))) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!isAlphanumeric(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static void checkName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("lane name: \"" + name
                    + "\" (expected: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit)");
        }
    }

    /** Whether {@code instance}'s labels hold every selector pair. */
    public boolean selects(Instance instance) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(instance.label(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
