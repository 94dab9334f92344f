package io.graylane.consul;

/**
 * Told about a {@link Watch}'s values. Calls for one watch come one at a time, in order, on the
 * watch's scheduler thread and never under a lock; a listener should return quickly. An exception a
 * listener throws is logged and does not stop the watch.
 *
 * @param <T> the watched value
 */
@FunctionalInterface
public interface WatchListener<T> {

    /**
     * A new value, different from the previous one (the first value is always new).
     *
     * @param value the value
     * @param meta  its index and leader information; index 0 for a fallback value
     */
    void onChange(T value, QueryMeta meta);

    /** A read failed; the watch backs off and retries by itself. Default: nothing. */
    default void onError(Throwable error, WatchState state) {
    }
}
