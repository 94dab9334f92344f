package io.graylane.gateway.proxy.internal;

/**
 * The HTTP/2 limits of one gateway, checked by the public builder. Immutable.
 *
 * @param maxConcurrentStreams            streams a client may have open at once on one connection
 *                                        (the gateway's {@code SETTINGS_MAX_CONCURRENT_STREAMS})
 * @param maxStreamsPerUpstreamConnection streams the gateway opens at once on one h2c upstream
 *                                        connection, at most (fewer when the upstream's settings say so)
 */
public record H2Options(int maxConcurrentStreams, int maxStreamsPerUpstreamConnection) {

    /** 128 client streams per connection, 100 streams per upstream connection. */
    public static final H2Options DEFAULT = new H2Options(128, 100);

    public H2Options {
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams: " + maxConcurrentStreams + " (expected: >= 1)");
        }
        if (maxStreamsPerUpstreamConnection < 1) {
            throw new IllegalArgumentException("maxStreamsPerUpstreamConnection: " + maxStreamsPerUpstreamConnection
                    + " (expected: >= 1)");
        }
    }
}
