package io.graylane.consul;

/**
 * Options of a KV write: check-and-set and flags. Immutable.
 *
 * @param cas   {@code ?cas=}: -1 for none, 0 to create only if absent, N to write only if the key's
 *              ModifyIndex is N
 * @param flags {@code ?flags=}: opaque uint64 (sent unsigned), 0 for none
 */
public record PutOptions(long cas, long flags) {

    /** An unconditional write without flags. */
    public static final PutOptions NONE = new PutOptions(-1, 0);

    public PutOptions {
        if (cas < -1) {
            throw new IllegalArgumentException("cas: " + cas + " (expected: -1 for none, or >= 0)");
        }
    }

    /** A write that succeeds only if the key's ModifyIndex is {@code index} (0: only if absent). */
    public static PutOptions cas(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("cas: " + index + " (expected: >= 0)");
        }
        return new PutOptions(index, 0);
    }

    /** A copy with {@code newFlags}. */
    public PutOptions withFlags(long newFlags) {
        return new PutOptions(cas, newFlags);
    }

    /** Whether this write is a check-and-set. */
    public boolean hasCas() {
        return cas >= 0;
    }
}
