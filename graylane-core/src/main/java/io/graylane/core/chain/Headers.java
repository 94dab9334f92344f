package io.graylane.core.chain;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Mutable HTTP headers: names compare case-insensitively, a name may have several values in order.
 * Adapters implement it over their own header type without copying; {@link #create()} gives an
 * in-memory one that rejects names that are not HTTP tokens and values with control characters
 * (so CR/LF cannot smuggle a header in). Not thread-safe: used by one thread at a time, like the
 * exchange or response that holds it.
 */
public interface Headers {

    /** First value of {@code name}, or {@code null}. */
    String get(String name);

    /** All values of {@code name} in order; empty when absent. The list is a snapshot. */
    List<String> getAll(String name);

    /** Whether {@code name} has at least one value. */
    default boolean contains(String name) {
        return get(name) != null;
    }

    /** Replaces every value of {@code name} with {@code value}. */
    Headers set(String name, String value);

    /** Adds {@code value} after the existing values of {@code name}. */
    Headers add(String name, String value);

    /** Removes every value of {@code name}; whether there was any. */
    boolean remove(String name);

    /** Distinct names in first-seen order and spelling. The set is a snapshot. */
    Set<String> names();

    /** Calls {@code action} with each name and value, in order, once per value. */
    void forEach(BiConsumer<? super String, ? super String> action);

    /** Empty in-memory headers. */
    static Headers create() {
        return new ListHeaders();
    }

    /**
     * In-memory headers holding {@code namesAndValues} ({@code "Content-Type", "text/plain", ...}).
     *
     * @throws IllegalArgumentException for an odd count, a name that is not a token or a value with
     *                                  a control character
     */
    static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("namesAndValues: " + namesAndValues.length
                    + " strings (expected: name, value pairs)");
        }
        Headers headers = new ListHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
