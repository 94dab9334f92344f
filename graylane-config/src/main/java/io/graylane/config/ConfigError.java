package io.graylane.config;

import java.util.Objects;

/**
 * One problem found in a configuration file, named by where it is: the source (file name), the
 * config path ({@code coloring.rules[2].when.header.name}) and, when known, the line and column.
 * Renders as {@code demo.yaml:14:9: coloring.rules[2].when.header.name: "" (expected: a header name)}.
 * Immutable.
 *
 * @param source  file name or other source description, e.g. {@code demo.yaml} or {@code consul:graylane/config}
 * @param path    config path of the offending value; empty for the whole file (syntax errors)
 * @param message what is wrong, usually {@code value (expected: what would be right)}
 * @param line    1-based line in the source, or 0 when unknown
 * @param column  1-based column in the source, or 0 when unknown
 */
public record ConfigError(String source, String path, String message, int line, int column) {

    public ConfigError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line: " + line + ", column: " + column + " (expected: >= 0)");
        }
    }

    /** An error without a known position. */
    public ConfigError(String source, String path, String message) {
        this(source, path, message, 0, 0);
    }

    /** {@code source[:line[:column]]: [path: ]message}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }
}
