package io.graylane.core.chain;

/**
 * A function of the next handler: given what comes after it, it returns the handler that runs in its
 * place (the seed's {@code func(http.Handler) http.Handler}). {@link #apply} runs once, when the
 * chain is built; the handler it returns runs per request, calls {@code next} at most once per
 * exchange (or not at all, to answer by itself) and returns its stage. A middleware that holds
 * resources may also implement {@link AutoCloseable}; the chain closes it with the snapshot.
 * Instances are shared by all requests and must be thread-safe.
 */
@FunctionalInterface
public interface Middleware {

    /** Returns the handler that runs in this middleware's place in front of {@code next}; not null. */
    Handler apply(Handler next);

    /**
     * Whether this middleware may call {@code next} again for the same exchange (a retry), which the
     * chain otherwise rejects. Such a middleware must call {@code next} again only after the stage of
     * the previous call has completed, never concurrently. Default {@code false}.
     */
    default boolean callsNextMoreThanOnce() {
        return false;
    }

    /**
     * Whether this middleware has nothing to do in front of {@code next} for any request that
     * {@code next} handles without throwing or failing at once: {@code recover} in front of a handler
     * that {@linkplain Handler#failsOnlyByCancellation fails only by cancellation} (the gateway's
     * forwarding) would only ever act on a bug in that handler. When every middleware of a chain says
     * so, {@link Chain#passesThrough()} is true and a server may serve requests without running the
     * chain. Asked once, when the chain is built, with the same {@code next} as {@link #apply}.
     * Default {@code false}; a middleware that counts, times, changes or may answer requests by itself
     * must not say otherwise.
     */
    default boolean passesThrough(Handler next) {
        return false;
    }
}
