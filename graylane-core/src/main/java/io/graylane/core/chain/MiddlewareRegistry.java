package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.ChainEntry;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The middleware types a gateway knows: type → factory. An immutable value, passed to whoever builds
 * chains (no global registry); a plugin swap makes a new registry with {@link #with}. Thread-safe.
 */
public final class MiddlewareRegistry {

    private static final MiddlewareRegistry EMPTY = new MiddlewareRegistry(new TreeMap<>());

    private final TreeMap<String, MiddlewareFactory> factories;

    private MiddlewareRegistry(TreeMap<String, MiddlewareFactory> factories) {
        this.factories = factories;
    }

    /** A registry with no types. */
    public static MiddlewareRegistry empty() {
        return EMPTY;
    }

    /**
     * A registry of {@code factories}.
     *
     * @throws GraylaneException when a type is malformed or two factories have the same type
     */
    public static MiddlewareRegistry of(MiddlewareFactory... factories) {
        return of(List.of(factories));
    }

    /**
     * A registry of {@code factories}.
     *
     * @throws GraylaneException when a type is malformed or two factories have the same type
     */
    public static MiddlewareRegistry of(Collection<? extends MiddlewareFactory> factories) {
        TreeMap<String, MiddlewareFactory> map = new TreeMap<>();
        for (MiddlewareFactory factory : factories) {
            String type = checkType(factory);
            MiddlewareFactory clash = map.put(type, factory);
            if (clash != null) {
                throw new GraylaneException("middleware type \"" + type + "\" is registered twice ("
                        + clash.getClass().getName() + " and " + factory.getClass().getName() + ")");
            }
        }
        return new MiddlewareRegistry(map);
    }

    /** A registry like this one with {@code factory} added, replacing a factory of the same type. */
    public MiddlewareRegistry with(MiddlewareFactory factory) {
        String type = checkType(factory);
        TreeMap<String, MiddlewareFactory> map = new TreeMap<>(factories);
        map.put(type, factory);
        return new MiddlewareRegistry(map);
    }

    private static String checkType(MiddlewareFactory factory) {
        Objects.requireNonNull(factory, "factory");
        String type = factory.type();
        if (type == null || type.isEmpty() || type.length() > 64 || !isTypeStart(type.charAt(0))
                || !type.chars().allMatch(c -> isTypeStart(c) || c == '.' || c == '_' || c == '-')) {
            throw new GraylaneException("middleware type: " + (type == null ? "null" : "\"" + type + "\"")
                    + " of " + factory.getClass().getName()
                    + " (expected: up to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit)");
        }
        return type;
    }

    private static boolean isTypeStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** The factory of {@code type}, if registered. */
    public Optional<MiddlewareFactory> find(String type) {
        return Optional.ofNullable(factories.get(type));
    }

    /** Registered types, sorted. */
    public Set<String> types() {
        return Collections.unmodifiableSet(factories.navigableKeySet());
    }

    /**
     * The factory for {@code entry}'s type.
     *
     * @throws GraylaneException naming the entry and listing the known types when there is none
     */
    public MiddlewareFactory factoryFor(ChainEntry entry) {
        MiddlewareFactory factory = factories.get(entry.type());
        if (factory == null) {
            throw new GraylaneException("chain[id=" + entry.id() + "].type: unknown middleware type \"" + entry.type()
                    + "\" (known types: " + (factories.isEmpty() ? "none registered" : String.join(", ", factories.keySet())) + ")");
        }
        return factory;
    }

    @Override
    public String toString() {
        return "MiddlewareRegistry" + factories.keySet();
    }
}
