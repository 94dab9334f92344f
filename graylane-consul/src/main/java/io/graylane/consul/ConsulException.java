package io.graylane.consul;

import io.graylane.core.GraylaneException;

/**
 * A Consul call failed: Consul answered with an error status, or it could not be reached. The
 * message names the endpoint (method, path and query, never the ACL token) and carries Consul's own
 * explanation, e.g. {@code consul: GET /v1/kv/app?ns=team: 400 Invalid query parameter: "ns" - …} or
 * {@code consul: GET /v1/kv/app: no response: ConnectException (http://127.0.0.1:8500)}.
 * Immutable.
 */
public final class ConsulException extends GraylaneException {

    /** {@link #status()} of a failure that produced no HTTP response (refused, reset, timed out). */
    public static final int NO_RESPONSE = 0;

    private final int status;
    private final String endpoint;
    private final String body;

    /**
     * @param status   HTTP status, or {@link #NO_RESPONSE}
     * @param endpoint method and path with query, e.g. {@code GET /v1/health/service/web}
     * @param detail   Consul's response body (trimmed and capped) or the transport failure
     * @param cause    the transport failure, or {@code null}
     */
    public ConsulException(int status, String endpoint, String detail, Throwable cause) {
        super(message(status, endpoint, detail), cause);
        this.status = status;
        this.endpoint = endpoint;
        this.body = detail == null ? "" : detail;
    }

    /** The HTTP status, or {@link #NO_RESPONSE} when Consul did not answer. */
    public int status() {
        return status;
    }

    /** Method and path (with query) of the failed call; never contains the ACL token. */
    public String endpoint() {
        return endpoint;
    }

    /** Consul's error text (trimmed, at most a few hundred characters), or the transport failure. */
    public String detail() {
        return body;
    }

    /** Whether no HTTP response was received (connection refused or reset, time-out). */
    public boolean isNoResponse() {
        return status == NO_RESPONSE;
    }

    private static String message(int status, String endpoint, String detail) {
        StringBuilder sb = new StringBuilder("consul: ").append(endpoint).append(": ");
        if (status == NO_RESPONSE) {
            sb.append("no response");
            if (detail != null && !detail.isEmpty()) {
                sb.append(": ").append(detail);
            }
        } else {
            sb.append(status);
            if (detail != null && !detail.isEmpty()) {
                sb.append(' ').append(detail);
            }
        }
        return sb.toString();
    }
}
