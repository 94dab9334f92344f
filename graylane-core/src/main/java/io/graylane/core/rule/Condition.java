package io.graylane.core.rule;

import io.graylane.core.net.Cidr;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A coloring condition, as configured. A closed set of immutable values; {@code Conditions.compile}
 * turns a tree of them into a precompiled matcher once, at load time.
 */
public sealed interface Condition {

    /** Header {@code name} (case-insensitive) satisfies {@code match}. */
    record Header(String name, ValueMatch match) implements Condition {
        public Header {
            requireName(name, "header");
            Objects.requireNonNull(match, "match");
        }
    }

    /** Cookie {@code name} satisfies {@code match}. */
    record Cookie(String name, ValueMatch match) implements Condition {
        public Cookie {
            requireName(name, "cookie");
            Objects.requireNonNull(match, "match");
        }
    }

    /** Query parameter {@code name} satisfies {@code match}. */
    record Query(String name, ValueMatch match) implements Condition {
        public Query {
            requireName(name, "query");
            Objects.requireNonNull(match, "match");
        }
    }

    /** The request path satisfies {@code match} (usually a {@link ValueMatch.Prefix}). */
    record Path(ValueMatch match) implements Condition {
        public Path {
            Objects.requireNonNull(match, "match");
            if (match instanceof ValueMatch.Present || match instanceof ValueMatch.Absent) {
                throw new IllegalArgumentException("path: " + match
                        + " (expected: equals, prefix, regex or in; a path is always present)");
            }
        }
    }

    /** The request method is one of {@code methods} (upper case). */
    record Method(Set<String> methods) implements Condition {
        public Method {
            methods = Set.copyOf(methods);
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("method: [] (expected: at least one method)");
            }
        }
    }

    /** The client address lies in one of {@code networks}. */
    record ClientCidr(List<Cidr> networks) implements Condition {
        public ClientCidr {
            networks = List.copyOf(networks);
            if (networks.isEmpty()) {
                throw new IllegalArgumentException("clientCidr: [] (expected: at least one network)");
            }
        }
    }

    /**
     * A sticky share of keys: the key's stable bucket ({@code StickyHash}) is below
     * {@code basisPoints} (0..10000; 500 = 5 %). Requests whose key is missing or empty never match.
     */
    record Sticky(StickyKey key, int basisPoints, String salt) implements Condition {
        public Sticky {
            Objects.requireNonNull(key, "key");
            if (basisPoints < 0 || basisPoints > 10_000) {
                throw new IllegalArgumentException("percent: " + basisPoints / 100.0 + " (expected: 0..100)");
            }
            salt = salt == null ? "" : salt;
        }
    }

    /** A random, non-sticky share of requests: matches with probability basisPoints / 10000. */
    record Random(int basisPoints) implements Condition {
        public Random {
            if (basisPoints < 0 || basisPoints > 10_000) {
                throw new IllegalArgumentException("percent: " + basisPoints / 100.0 + " (expected: 0..100)");
            }
        }
    }

    /** All of {@code conditions} hold (an empty list always holds). */
    record AllOf(List<Condition> conditions) implements Condition {
        public AllOf {
            conditions = List.copyOf(conditions);
        }
    }

    /** At least one of {@code conditions} holds. */
    record AnyOf(List<Condition> conditions) implements Condition {
        public AnyOf {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("anyOf: [] (expected: at least one condition)");
            }
        }
    }

    /** {@code condition} does not hold. */
    record Not(Condition condition) implements Condition {
        public Not {
            Objects.requireNonNull(condition, "condition");
        }
    }

    private static void requireName(String name, String what) {
        Objects.requireNonNull(name, what + " name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException(what + ".name: \"\" (expected: a " + what + " name)");
        }
    }
}
