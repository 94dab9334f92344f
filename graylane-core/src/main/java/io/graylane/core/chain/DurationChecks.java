package io.graylane.core.chain;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks for the durations builders take (drain deadlines, timeouts), so that every builder
 * refuses a bad one with the same message. Stateless and thread-safe.
 */
public final class DurationChecks {

    private DurationChecks() {
    }

    /**
     * {@code value} when it is zero or positive.
     *
     * @param name the argument's name, first in the message ({@code drainDeadline: PT-1S (expected: >= 0)})
     * @throws NullPointerException     when {@code value} is null
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public static Duration nonNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
        return value;
    }
}
