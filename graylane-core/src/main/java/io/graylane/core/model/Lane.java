package io.graylane.core.model;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

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

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

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

    /** Whether {@code name} is a syntactically valid lane name. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
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
