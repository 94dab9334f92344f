package io.graylane.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects every error found while reading one file, each positioned at the nearest line the token
 * pass recorded for its path. Used by one thread for one load.
 */
final class Problems {

    /** {@code field: rest} as core's compact constructors phrase their messages. */
    private static final Pattern CORE_MESSAGE = Pattern.compile("([A-Za-z][A-Za-z0-9]*): (.*)", Pattern.DOTALL);

    private final String source;
    private final Map<String, SourceTree.Position> positions;
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<String> settled = new ArrayList<>();

    Problems(String source, Map<String, SourceTree.Position> positions) {
        this.source = source;
        this.positions = positions;
    }

    /** Records that the value at {@code path} is wrong. */
    void add(String path, String message) {
        for (String s : settled) {
            if (ConfigPaths.isWithin(path, s)) {
                return;
            }
        }
        SourceTree.Position p = positionOf(path);
        errors.add(new ConfigError(source, path, message, p.line(), p.column()));
    }

    /**
     * Keeps further errors at or below {@code path} out of the report: its value is already known to
     * be wrong (an unset variable), and what follows from that would only be noise.
     */
    void settle(String path) {
        settled.add(path);
    }

    /** Records an error at an explicit position (syntax errors, duplicate keys). */
    void addAt(String path, String message, SourceTree.Position p) {
        errors.add(new ConfigError(source, path, message, p.line(), p.column()));
    }

    /**
     * Re-emits a core constructor's {@code field: value (expected: …)} message under the config path
     * of the object being built: {@code port: 0 (…)} at {@code discovery.static.orders[0]} becomes
     * {@code discovery.static.orders[0].port: 0 (…)}.
     */
    void addFromCore(String objectPath, Set<String> fieldNames, IllegalArgumentException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher m = CORE_MESSAGE.matcher(message);
        if (m.matches() && fieldNames.contains(m.group(1))) {
            add(ConfigPaths.key(objectPath, m.group(1)), m.group(2));
        } else if (m.matches()) {
            add(objectPath, m.group(2));
        } else {
            add(objectPath, message);
        }
    }

    /**
     * Re-emits a core parser's {@code what: value (expected: …)} message for the scalar {@code node}
     * at {@code path}, showing the value the way the file wrote it.
     */
    void addForValue(String path, com.fasterxml.jackson.databind.JsonNode node, IllegalArgumentException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int expected = message.indexOf(" (expected:");
        add(path, expected >= 0 ? Values.render(node) + message.substring(expected) : Values.render(node) + " " + message);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    /** The errors in file order, by line and column (errors without a line last, in the order found). */
    List<ConfigError> inFileOrder() {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt((ConfigError e) -> e.line() == 0 ? Integer.MAX_VALUE : e.line())
                .thenComparingInt(ConfigError::column));
        return sorted;
    }

    private SourceTree.Position positionOf(String path) {
        SourceTree.Position exact = positions.get(path);
        if (exact != null) {
            return exact;
        }
        // Nearest recorded ancestor: a missing key is reported at the object that lacks it.
        SourceTree.Position best = SourceTree.Position.UNKNOWN;
        int bestLength = -1;
        for (Map.Entry<String, SourceTree.Position> e : positions.entrySet()) {
            String candidate = e.getKey();
            if (candidate.length() > bestLength && ConfigPaths.isWithin(path, candidate)) {
                best = e.getValue();
                bestLength = candidate.length();
            }
        }
        return best;
    }
}
