package io.graylane.consul.internal;

/**
 * The index rules of Consul blocking queries (CONSUL.md, "Blocking queries"), in one place so the
 * watch loop cannot get them half right. Stateless.
 */
public final class BlockingIndex {

    private BlockingIndex() {
    }

    /**
     * The index to send next, given the one just sent and the {@code X-Consul-Index} received.
     * <ul>
     *   <li>went backwards ({@code returned < sent}): 0, because the server would otherwise block
     *       until timeout on data that already changed (snapshot restore, KV tombstone reaping);</li>
     *   <li>below 1: 1, because 0 never blocks and would turn the watch into a busy loop;</li>
     *   <li>otherwise the returned index.</li>
     * </ul>
     * After an error the caller uses {@link #AFTER_ERROR} instead: an index from before a Consul
     * restart could hide the next change.
     */
    public static long next(long sent, long returned) {
        if (returned < sent) {
            return 0;
        }
        if (returned < 1) {
            return 1;
        }
        return returned;
    }

    /** The index after any error: start over with a non-blocking read. */
    public static final long AFTER_ERROR = 0;
}
