package io.graylane.core.chain;

import java.util.Objects;

/**
 * A typed key for an {@link Exchange}'s attributes. Keys compare by identity: two keys with the same
 * name are different keys, so a plugin cannot read another's attribute by guessing its name. Keep
 * keys in {@code static final} fields. Immutable and thread-safe.
 *
 * @param <T> type of the attribute's value
 */
public final class AttributeKey<T> {

    private final String name;
    private final Class<T> type;

    private AttributeKey(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    /**
     * A new key; {@code name} appears in {@link #toString()} only, {@code type} is checked on every
     * write.
     *
     * @throws IllegalArgumentException when {@code name} is empty or {@code type} is primitive
     */
    public static <T> AttributeKey<T> of(String name, Class<T> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name: \"\" (expected: a non-empty name)");
        }
        if (type.isPrimitive()) {
            throw new IllegalArgumentException("type: " + type + " (expected: a reference type such as Integer)");
        }
        return new AttributeKey<>(name, type);
    }

    /** The name given at creation, for messages. */
    public String name() {
        return name;
    }

    /** The type of the values this key holds. */
    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return "AttributeKey[" + name + ": " + type.getSimpleName() + "]";
    }
}
