package io.graylane.testkit.demo;

import java.util.Objects;

/**
 * A request a {@link DemoUpstream} received, as far as lane propagation goes. Immutable.
 *
 * @param method      request method
 * @param path        request path and query, as received
 * @param lane        the {@code X-Graylane-Lane} value, or {@code null} when none came
 * @param baggage     the W3C {@code baggage} value, or {@code null}
 * @param traceparent the W3C {@code traceparent} value, or {@code null}
 */
public record ReceivedRequest(String method, String path, String lane, String baggage, String traceparent) {

    public ReceivedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }
}
