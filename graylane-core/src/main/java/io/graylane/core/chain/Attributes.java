package io.graylane.core.chain;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The typed attributes of one exchange, keyed by {@link AttributeKey} identity. An adapter creates
 * one per exchange ({@code private final Attributes attributes = new Attributes();}) and returns it
 * from {@link Exchange#attributes()}; a wrapping exchange returns the wrapped one's. It also carries
 * the chain runtime's per-exchange bookkeeping, so that enforcing the middleware contract costs no
 * allocation. The first attribute takes no storage of its own; an array is allocated for the second.
 * Not thread-safe: like the exchange, it is used by one thread at a time.
 */
public final class Attributes {

    // The first attribute sits in two fields (an exchange usually carries one: the adapter's own,
    // for GatewayExchange.of), the others in key1, value1, key2, value2, ...: a handful per exchange
    // makes a linear identity scan faster than hashing. Whenever size > 0 the first is set and the
    // array holds size - 1 pairs.
    private AttributeKey<?> firstKey;
    private Object firstValue;
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
        if (size > 0 && firstKey == key) {
            return key.type().cast(firstValue);
        }
        int i = indexOf(key);
        return i < 0 ? null : key.type().cast(slots[i + 1]);
    }

    /** Whether {@code key} has a value. */
    public boolean contains(AttributeKey<?> key) {
        return key != null && (firstKey == key || indexOf(key) >= 0);
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
        if (firstKey == key) {
            T previous = key.type().cast(firstValue);
            firstValue = checked;
            return previous;
        }
        if (firstKey == null) {
            firstKey = key;
            firstValue = checked;
            size = 1;
            return null;
        }
        int i = indexOf(key);
        if (i >= 0) {
            T previous = key.type().cast(slots[i + 1]);
            slots[i + 1] = checked;
            return previous;
        }
        int used = (size - 1) * 2;
        if (slots == null) {
            slots = new Object[8];
        } else if (used == slots.length) {
            Object[] grown = new Object[slots.length * 2];
            System.arraycopy(slots, 0, grown, 0, slots.length);
            slots = grown;
        }
        slots[used] = key;
        slots[used + 1] = checked;
        size++;
        return null;
    }

    /** Removes {@code key}, returning its value or {@code null}. */
    public <T> T remove(AttributeKey<T> key) {
        if (key == null || size == 0) {
            return null;
        }
        int last = (size - 2) * 2; // the array's last pair, when there is one
        if (firstKey == key) {
            T previous = key.type().cast(firstValue);
            if (size == 1) {
                firstKey = null;
                firstValue = null;
            } else {
                firstKey = (AttributeKey<?>) slots[last];
                firstValue = slots[last + 1];
                slots[last] = null;
                slots[last + 1] = null;
            }
            size--;
            return previous;
        }
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        T previous = key.type().cast(slots[i + 1]);
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

    /** Where {@code key} is in the array (its key's index), or -1. */
    private int indexOf(AttributeKey<?> key) {
        for (int i = 0, end = (size - 1) * 2; i < end; i += 2) {
            if (slots[i] == key) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Attributes{");
        if (size > 0) {
            sb.append(firstKey.name()).append('=').append(firstValue);
        }
        for (int i = 0, end = (size - 1) * 2; i < end; i += 2) {
            sb.append(", ").append(((AttributeKey<?>) slots[i]).name()).append('=').append(slots[i + 1]);
        }
        return sb.append('}').toString();
    }
}
