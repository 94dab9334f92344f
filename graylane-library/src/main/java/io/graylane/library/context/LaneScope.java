package io.graylane.library.context;

/**
 * The binding of a lane to the current thread, made by {@link LaneContext#attach}; closing it restores
 * what was bound before. Use it in try-with-resources on the thread that opened it. Closing twice does
 * nothing. Not thread-safe: it belongs to the thread that opened it.
 */
public interface LaneScope extends AutoCloseable {

    /** Restores the thread's previous lane (and OpenTelemetry context, when bridged). */
    @Override
    void close();
}
