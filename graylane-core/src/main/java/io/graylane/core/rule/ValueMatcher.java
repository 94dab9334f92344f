package io.graylane.core.rule;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link ValueMatch} compiled for the hot path: regexes compiled once, sets hashed. {@code null}
 * stands for an absent value. Immutable and thread-safe.
 */
abstract class ValueMatcher {

    private final String description;

    private ValueMatcher(String description) {
        this.description = description;
    }

    /** Whether {@code value} ({@code null} when absent) satisfies the match; allocation-free except in RE2J. */
    abstract boolean test(String value);

    /** What the match wants, e.g. {@code equals "beta"}, used in explanations. */
    final String description() {
        return description;
    }

    /**
     * Compiles {@code match}.
     *
     * @throws IllegalArgumentException for a regex that is not valid RE2 syntax
     */
    static ValueMatcher compile(ValueMatch match) {
        if (match instanceof ValueMatch.Equals m) {
            return new Equals(m.value());
        }
        if (match instanceof ValueMatch.Prefix m) {
            return new Prefix(m.prefix());
        }
        if (match instanceof ValueMatch.Regex m) {
            return new Regex(m.pattern());
        }
        if (match instanceof ValueMatch.Present) {
            return new Presence(true);
        }
        if (match instanceof ValueMatch.Absent) {
            return new Presence(false);
        }
        if (match instanceof ValueMatch.In m) {
            return new In(m.values());
        }
        throw new AssertionError("unknown value match: " + match);
    }

    /**
     * Compiles an RE2 pattern.
     *
     * @throws IllegalArgumentException {@code regex: a** (expected: RE2 syntax: invalid nested repetition operator `**`)}
     */
    static Pattern compileRegex(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            String reason = e.getDescription();
            String where = e.getPattern();
            if (where != null && !where.isEmpty() && !where.equals(pattern)) {
                reason = reason + " `" + where + "`";
            }
            throw new IllegalArgumentException("regex: " + pattern + " (expected: RE2 syntax: " + reason + ")", e);
        }
    }

    private static final class Equals extends ValueMatcher {
        private final String expected;

        Equals(String expected) {
            super("equals " + ConditionNode.quote(expected));
            this.expected = expected;
        }

        @Override
        boolean test(String value) {
            return expected.equals(value);
        }
    }

    private static final class Prefix extends ValueMatcher {
        private final String prefix;

        Prefix(String prefix) {
            super("starts with " + ConditionNode.quote(prefix));
            this.prefix = prefix;
        }

        @Override
        boolean test(String value) {
            return value != null && value.startsWith(prefix);
        }
    }

    private static final class Regex extends ValueMatcher {
        private final Pattern pattern;

        Regex(String pattern) {
            super("matches regex " + ConditionNode.quote(pattern));
            this.pattern = compileRegex(pattern);
        }

        @Override
        boolean test(String value) {
            // matches() anchors at both ends: the whole value must match, as ValueMatch.Regex documents.
            return value != null && pattern.matches(value);
        }
    }

    private static final class Presence extends ValueMatcher {
        private final boolean wantPresent;

        Presence(boolean wantPresent) {
            super(wantPresent ? "is present" : "is absent");
            this.wantPresent = wantPresent;
        }

        @Override
        boolean test(String value) {
            return (value != null) == wantPresent;
        }
    }

    private static final class In extends ValueMatcher {
        private final Set<String> values;

        In(Set<String> values) {
            super("in " + sortedQuoted(values));
            this.values = new HashSet<>(values);
        }

        @Override
        boolean test(String value) {
            return value != null && values.contains(value);
        }

        private static String sortedQuoted(Set<String> values) {
            List<String> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            List<String> quoted = new ArrayList<>(sorted.size());
            for (String v : sorted) {
                quoted.add(ConditionNode.quote(v));
            }
            return quoted.toString();
        }
    }
}
