package io.graylane.config;

import java.util.regex.Pattern;

/**
 * Builds the config paths used in errors: {@code coloring.rules[2].when.header.name}. Keys that are
 * not plain identifiers are quoted, {@code scope.labels["app.kubernetes.io/name"]}, so a path always
 * reads back unambiguously.
 */
final class ConfigPaths {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]+");

    private ConfigPaths() {
    }

    /** The path of {@code key} inside the object at {@code parent} ({@code ""} is the root). */
    static String key(String parent, String key) {
        if (PLAIN.matcher(key).matches()) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "[" + Values.quote(key) + "]";
    }

    /** The path of element {@code index} of the list at {@code parent}. */
    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** Whether {@code path} is {@code ancestor} or lies below it. */
    static boolean isWithin(String path, String ancestor) {
        if (ancestor.isEmpty()) {
            return true;
        }
        if (!path.startsWith(ancestor)) {
            return false;
        }
        if (path.length() == ancestor.length()) {
            return true;
        }
        char next = path.charAt(ancestor.length());
        return next == '.' || next == '[';
    }
}
