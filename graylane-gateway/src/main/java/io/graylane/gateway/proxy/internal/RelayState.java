package io.graylane.gateway.proxy.internal;

/** Where a client connection's exchange is ({@link UpstreamRelay#state}). */
enum RelayState {
    /** Waiting for a request. */
    IDLE,
    /** The chain runs and no upstream attempt is in progress; the request body waits in the inbox. */
    CHAIN,
    /** Request decided; waiting for an upstream connection. */
    CONNECTING,
    /** Relaying the exchange. */
    FORWARDING,
    /** Answering by itself once the (bodyless) request has fully arrived. */
    ANSWERING
}
