package io.graylane.gateway.proxy.internal;

import java.time.Clock;
import java.util.Objects;

/**
 * The settings every connection of one gateway shares, checked by the public builder. Immutable.
 *
 * @param maxInitialLineLength      longest request line accepted (else 414)
 * @param maxHeaderSize             largest request header block accepted (else 431)
 * @param connectTimeoutMillis      how long an upstream connect may take (else 504)
 * @param responseHeaderTimeoutNanos how long after the request is fully sent the upstream may take to
 *                                  send its response headers (else 504)
 * @param clientIdleTimeoutNanos    how long an idle keep-alive client connection is kept
 * @param upstreamIdleTimeoutNanos  how long an idle pooled upstream connection is kept
 * @param maxIdlePerUpstream        idle pooled connections kept per upstream address and event loop
 * @param debugHeader               whether responses carry {@code X-Graylane-Debug}
 * @param clock                     time source for signed-lane expiry
 */
public record ProxyOptions(int maxInitialLineLength, int maxHeaderSize, int connectTimeoutMillis,
                           long responseHeaderTimeoutNanos, long clientIdleTimeoutNanos,
                           long upstreamIdleTimeoutNanos, int maxIdlePerUpstream, boolean debugHeader,
                           Clock clock) {

    /** Bytes of a decoded body piece: slices of the read buffer, so larger pieces mean fewer messages. */
    public static final int MAX_CHUNK_SIZE = 64 * 1024;
    /** Largest upstream response header block accepted (a larger one is answered 502). */
    public static final int MAX_RESPONSE_HEADER_SIZE = 64 * 1024;

    public ProxyOptions {
        Objects.requireNonNull(clock, "clock");
    }
}
