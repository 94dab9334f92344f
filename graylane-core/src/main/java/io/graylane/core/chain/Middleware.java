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
}
