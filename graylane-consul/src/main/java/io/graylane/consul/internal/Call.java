package io.graylane.consul.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP call to Consul, before it is sent: method, encoded path and query, body and time-out.
 * Also how two statuses that are answers rather than failures are read (404 on a KV read, 409 on a
 * transaction). Immutable once built; the builder is not thread-safe.
 */
public final class Call {

    /** How a non-2xx status that is an answer is treated. */
    public enum Special {
        NONE, NOT_FOUND_IS_ABSENT, CONFLICT_IS_ANSWER
    }

    private final String method;
    private final String path;
    private final String query;
    private final byte[] body;
    private final Duration timeout;
    private final Special special;

    private Call(String method, String path, String query, byte[] body, Duration timeout, Special special) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.body = body;
        this.timeout = timeout;
        this.special = special;
    }

    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    public String method() {
        return method;
    }

    /** Path plus query, as sent. */
    public String pathAndQuery() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    /** {@code METHOD /path?query}: what error messages name. Never contains the ACL token (it travels in a header). */
    public String endpoint() {
        return method + " " + pathAndQuery();
    }

    public byte[] body() {
        return body;
    }

    public Duration timeout() {
        return timeout;
    }

    public Special special() {
        return special;
    }

    /** Builds a {@link Call}. */
    public static final class Builder {
        private final String method;
        private final String path;
        private final List<String> params = new ArrayList<>();
        private byte[] body;
        private Duration timeout;
        private Special special = Special.NONE;

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** Adds {@code name=value}, encoded. */
        public Builder param(String name, String value) {
            params.add(UrlEncoding.query(name) + "=" + UrlEncoding.query(value));
            return this;
        }

        /** Adds {@code name=value} unless {@code value} is empty: an empty {@code ns} must never be sent. */
        public Builder paramIfPresent(String name, String value) {
            return value == null || value.isEmpty() ? this : param(name, value);
        }

        /** Adds a bare flag such as {@code ?stale} or {@code ?recurse}. */
        public Builder flag(String name) {
            params.add(UrlEncoding.query(name));
            return this;
        }

        public Builder body(byte[] value) {
            this.body = value;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Builder special(Special value) {
            this.special = value;
            return this;
        }

        public Call build() {
            return new Call(method, path, String.join("&", params), body, timeout, special);
        }
    }
}
