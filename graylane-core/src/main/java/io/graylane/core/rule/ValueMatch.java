package io.graylane.core.rule;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a single request value (header, cookie, query parameter, path) is tested. A closed set;
 * {@link Regex} uses RE2 syntax (linear time, see {@code com.google.re2j}).
 */
public sealed interface ValueMatch {

    /** The value equals {@code value} exactly (case-sensitive). */
    record Equals(String value) implements ValueMatch {
        public Equals {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The value starts with {@code prefix}. */
    record Prefix(String prefix) implements ValueMatch {
        public Prefix {
            Objects.requireNonNull(prefix, "prefix");
        }
    }

    /** The whole value matches the RE2 {@code pattern} (use {@code .*} for partial matches). */
    record Regex(String pattern) implements ValueMatch {
        public Regex {
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** The value is present (any content, even empty). */
    record Present() implements ValueMatch {
    }

    /** The value is absent. */
    record Absent() implements ValueMatch {
    }

    /** The value is one of {@code values}. */
    record In(Set<String> values) implements ValueMatch {
        public In {
            values = Set.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("in: [] (expected: at least one value)");
            }
        }

        /** Convenience for a list, duplicates allowed. */
        public static In of(List<String> values) {
            return new In(Set.copyOf(values));
        }
    }
}
