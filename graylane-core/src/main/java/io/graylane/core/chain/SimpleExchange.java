package io.graylane.core.chain;

import io.graylane.core.net.Cidr;
import io.graylane.core.rule.QueryStrings;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * An in-memory {@link Exchange} for tests, the CLI and library users' tests. Cookies are read from
 * the {@code Cookie} request header and query parameters from the query string on each look-up, so
 * middleware that change either are seen by later ones. Not thread-safe.
 */
public final class SimpleExchange implements Exchange {

    private final String method;
    private final String path;
    private final String queryString;
    private final Headers headers;
    private final InetAddress clientAddress;
    private final byte[] clientAddressBytes;
    private final Attributes attributes = new Attributes();
    private String lane;

    private SimpleExchange(Builder b) {
        this.method = b.method;
        this.path = b.path;
        this.queryString = b.queryString;
        this.headers = Headers.create();
        b.headers.forEach(this.headers::add);
        this.clientAddress = b.clientAddress;
        this.clientAddressBytes = b.clientAddress == null ? null : b.clientAddress.getAddress();
        this.lane = b.lane;
    }

    /** A builder starting from {@code GET /} with no headers, no client address and no lane. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String queryString() {
        return queryString;
    }

    @Override
    public String query(String name) {
        return QueryStrings.parameter(queryString, name);
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public String cookie(String name) {
        for (String header : headers.getAll("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    String value = pair.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value;
                }
            }
        }
        return null;
    }

    @Override
    public InetAddress clientAddress() {
        return clientAddress;
    }

    /** The client address bytes, kept at build time so CIDR checks allocate nothing; do not modify. */
    @Override
    public byte[] clientAddressBytes() {
        return clientAddressBytes;
    }

    @Override
    public String lane() {
        return lane;
    }

    @Override
    public void setLane(String lane) {
        this.lane = lane;
    }

    @Override
    public Attributes attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return method + " " + path + (queryString == null ? "" : "?" + queryString)
                + " from " + (clientAddress == null ? "?" : clientAddress.getHostAddress())
                + " lane=" + lane + " headers=" + headers;
    }

    /** Builds a {@link SimpleExchange}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private String method = "GET";
        private String path = "/";
        private String queryString;
        private final Headers headers = Headers.create();
        private InetAddress clientAddress;
        private String lane;

        private Builder() {
        }

        /** Request method; upper-cased. */
        public Builder method(String method) {
            Objects.requireNonNull(method, "method");
            if (method.isEmpty()) {
                throw new IllegalArgumentException("method: \"\" (expected: a method such as GET)");
            }
            this.method = method.toUpperCase(Locale.ROOT);
            return this;
        }

        /** Path and optional query string, e.g. {@code /orders?user=42}. */
        public Builder uri(String uri) {
            Objects.requireNonNull(uri, "uri");
            int q = uri.indexOf('?');
            path(q < 0 ? uri : uri.substring(0, q));
            this.queryString = q < 0 ? null : uri.substring(q + 1);
            return this;
        }

        /** Path without the query string; must start with {@code /}. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path: \"" + path + "\" (expected: a path starting with /)");
            }
            this.path = path;
            return this;
        }

        /** Raw query string without {@code ?}, or {@code null} for none. */
        public Builder queryString(String queryString) {
            this.queryString = queryString;
            return this;
        }

        /** Adds a request header value. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Adds a cookie to the {@code Cookie} header. */
        public Builder cookie(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            String existing = headers.get("Cookie");
            headers.set("Cookie", (existing == null ? "" : existing + "; ") + name + "=" + value);
            return this;
        }

        /** The client's address, or {@code null} for unknown. */
        public Builder clientAddress(InetAddress address) {
            this.clientAddress = address;
            return this;
        }

        /**
         * The client's address as an IP literal ({@code 10.1.2.3}, {@code 2001:db8::1}); no DNS.
         *
         * @throws IllegalArgumentException when {@code literal} is not an IP literal
         */
        public Builder clientAddress(String literal) {
            this.clientAddress = Cidr.parseAddress(literal, "clientAddress");
            return this;
        }

        /** The lane the exchange starts with, or {@code null}. */
        public Builder lane(String lane) {
            this.lane = lane;
            return this;
        }

        /** A new exchange with its own copy of the headers; the builder can be used again. */
        public SimpleExchange build() {
            return new SimpleExchange(this);
        }
    }
}
