package io.graylane.config;

import io.graylane.core.GraylaneException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration could not be loaded. Carries every problem found in the file, not just the first,
 * so one run of {@code graylane validate} shows them all. The message lists them one per line.
 */
public final class ConfigException extends GraylaneException {

    private final List<ConfigError> errors;

    /**
     * @param errors the problems, at least one, in the order they should be shown
     */
    public ConfigException(List<ConfigError> errors) {
        super(render(errors));
        this.errors = List.copyOf(errors);
    }

    /** The problems found, in file order; never empty. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String render(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors: [] (expected: at least one error)");
        }
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        return errors.size() + " errors in " + errors.get(0).source() + ":\n"
                + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }
}
