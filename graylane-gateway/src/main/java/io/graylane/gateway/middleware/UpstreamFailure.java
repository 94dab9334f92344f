package io.graylane.gateway.middleware;

/** Why an upstream attempt got no response; the gateway then answers 502 or 504 itself. */
public enum UpstreamFailure {
    /** The connection was refused or failed (502). Nothing was sent. */
    CONNECT_ERROR,
    /** No connection within the connect timeout (504). Nothing was sent. */
    CONNECT_TIMEOUT,
    /** No response headers within the response-header timeout (504). */
    RESPONSE_TIMEOUT,
    /** The upstream closed the connection before responding (502). */
    CLOSED,
    /** The upstream's response could not be used: unparseable, or a protocol switch (502). */
    INVALID_RESPONSE;

    /** Whether no connection was made, so the upstream saw nothing of the request. */
    public boolean beforeConnect() {
        return this == CONNECT_ERROR || this == CONNECT_TIMEOUT;
    }
}
