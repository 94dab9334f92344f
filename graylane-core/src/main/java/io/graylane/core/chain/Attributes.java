package io.graylane.core.chain;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The typed attributes of one exchange, keyed by {@link AttributeKey} identity. An adapter creates
 * one per exchange ({@code private final Attributes attributes = new Attributes();}) and returns it
 * from {@link Exchange#attributes()}; a wrapping exchange returns the wrapped one's. It also carries
 * the chain runtime's per-exchange bookkeeping, so that enforcing the middleware contract costs no
 * allocation. Storage is allocated on the first write. Not thread-safe: like the exchange, it is used
 * by one thread at a time.
 */
public final class Attributes {

    // key0, value0, key1, value1, ...: a handful of attributes per exchange makes a linear
    // identity scan faster than hashing and keeps an empty instance to three fields.
    private Object[] slots;
    private int size;

    // Chain bookkeeping (see Link): which chain last advanced on this exchange, how far, and the
    // stage the most recent link returned. Package-private so that middleware cannot tamper with it.
    Object chainOwner;
    int chainDepth;
    CompletionStage<?> lastStage;

    /** Creates an empty set of attributes. */
    public Attributes() {
    }

    /** The value of {@code key}, or {@code null}. */
    public <T> T get(AttributeKey<T> key) {
        int i = indexOf(key);
        return i < 0 ? null : key.type().cast(slots[i + 1]);
    }

    /** Whether {@code key} has a value. */
    public boolean contains(AttributeKey<?> key) {
        return indexOf(key) >= 0;
    }

    /**
     * Sets {@code key} to {@code value}; {@code null} removes it.
     *
     * @return the previous value, or {@code null}
     * @throws ClassCastException when {@code value} is not of the key's type (unchecked generics)
     */
    public <T> T set(AttributeKey<T> key, T value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            return remove(key);
        }
        T checked = key.type().cast(value);
        int i = indexOf(key);
        if (i >= 0) {
            T previous = key.type().cast(slots[i + 1]);
            slots[i + 1] = checked;
            return previous;
        }
        if (slots == null) {
            slots = new Object[8];
        } else if (size * 2 == slots.length) {
            Object[] grown = new Object[slots.length * 2];
            System.arraycopy(slots, 0, grown, 0, slots.length);
            slots = grown;
        }
        slots[size * 2] = key;
        slots[size * 2 + 1] = checked;
        size++;
        return null;
    }

    /** Removes {@code key}, returning its value or {@code null}. */
    public <T> T remove(AttributeKey<T> key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        T previous = key.type().cast(slots[i + 1]);
        int last = (size - 1) * 2;
        slots[i] = slots[last];
        slots[i + 1] = slots[last + 1];
        slots[last] = null;
        slots[last + 1] = null;
        size--;
        return previous;
    }

    /** Number of attributes set. */
    public int size() {
        return size;
    }

    private int indexOf(AttributeKey<?> key) {
        for (int i = 0; i < size * 2; i += 2) {
            if (slots[i] == key) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Attributes{");
        for (int i = 0; i < size * 2; i += 2) {
            sb.append(i == 0 ? "" : ", ").append(((AttributeKey<?>) slots[i]).name()).append('=').append(slots[i + 1]);
        }
        return sb.append('}').toString();
    }
}
