package io.graylane.core.rule;

import io.graylane.core.net.Cidr;

import java.net.InetAddress;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link RequestView} over plain maps, for the CLI's {@code explain}, tests and benchmarks. Header
 * names are lower-cased once here; look-ups with an already lower-case name (as compiled conditions
 * pass) allocate nothing, nor does the client address, whose bytes are kept. Immutable and
 * thread-safe.
 */
public final class MapRequestView implements RequestView {

    private final String method;
    private final String path;
    private final Map<String, String> headers;
    private final Map<String, String> cookies;
    private final Map<String, String> query;
    private final InetAddress clientAddress;
    private final byte[] clientAddressBytes;

    /**
     * @param method        request method; upper-cased here
     * @param path          path without the query string
     * @param headers       header name → first value; names must differ ignoring case
     * @param cookies       cookie name → value
     * @param query         query parameter name → first (decoded) value
     * @param clientAddress the client's address, or {@code null} when unknown
     * @throws IllegalArgumentException when two header names differ only in case
     */
    public MapRequestView(String method, String path, Map<String, String> headers, Map<String, String> cookies,
                          Map<String, String> query, InetAddress clientAddress) {
        this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        this.path = Objects.requireNonNull(path, "path");
        // HashMaps, never changed after this: their look-ups mask the hash where Map.copyOf's divide.
        this.headers = lowerCaseKeys(headers);
        this.cookies = new HashMap<>(Map.copyOf(cookies));
        this.query = new HashMap<>(Map.copyOf(query));
        this.clientAddress = clientAddress;
        this.clientAddressBytes = clientAddress == null ? null : clientAddress.getAddress();
    }

    /** A builder starting from {@code GET /}, no headers, cookies, query or client address. */
    public static Builder builder() {
        return new Builder();
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        Map<String, String> original = new HashMap<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "header name");
            String key = name.toLowerCase(Locale.ROOT);
            String clash = original.put(key, name);
            if (clash != null) {
                throw new IllegalArgumentException("headers: " + clash + ", " + name
                        + " (expected: each header name once, ignoring case)");
            }
            lower.put(key, Objects.requireNonNull(e.getValue(), "header " + name));
        }
        return lower;
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
    public String header(String name) {
        // A plain ASCII scan spares lower-case names toLowerCase's per-char case mapping (which
        // would return the same instance anyway, allocating nothing).
        return headers.get(isLowerAscii(name) ? name : name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String lowerCaseHeader(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    private static boolean isLowerAscii(String name) {
        for (int i = 0, n = name.length(); i < n; i++) {
            char c = name.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String cookie(String name) {
        return cookies.get(name);
    }

    @Override
    public String query(String name) {
        return query.get(name);
    }

    @Override
    public InetAddress clientAddress() {
        return clientAddress;
    }

    @Override
    public byte[] clientAddressBytes() {
        return clientAddressBytes;
    }

    /** Headers with lower-case names. */
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** Cookies by name. */
    public Map<String, String> cookies() {
        return Collections.unmodifiableMap(cookies);
    }

    /** Query parameters by name. */
    public Map<String, String> queryParameters() {
        return Collections.unmodifiableMap(query);
    }

    @Override
    public String toString() {
        return "MapRequestView[" + method + " " + path + ", headers=" + headers + ", cookies=" + cookies
                + ", query=" + query + ", client=" + (clientAddress == null ? null : clientAddress.getHostAddress()) + "]";
    }

    /** Collects a request step by step; later values for the same name replace earlier ones. Not thread-safe. */
    public static final class Builder {
        private String method = "GET";
        private String path = "/";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private InetAddress clientAddress;

        private Builder() {
        }

        /** Sets the method (upper-cased on {@link #build}); default {@code GET}. */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /** Sets the path without the query string; default {@code /}. */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Sets header {@code name}, replacing a value set under the same name in any case. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets cookie {@code name} (case-sensitive). */
        public Builder cookie(String name, String value) {
            cookies.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets query parameter {@code name} (case-sensitive) to its decoded value. */
        public Builder query(String name, String value) {
            query.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets the client address; {@code null} means unknown. */
        public Builder clientAddress(InetAddress address) {
            this.clientAddress = address;
            return this;
        }

        /**
         * Sets the client address from an IP literal (never a DNS look-up).
         *
         * @throws IllegalArgumentException {@code clientAddress: foo (expected: an IPv4 or IPv6 address)}
         */
        public Builder clientAddress(String literal) {
            this.clientAddress = Cidr.parseAddress(literal, "clientAddress");
            return this;
        }

        /** A view of what was set so far; the builder can go on being used. */
        public MapRequestView build() {
            return new MapRequestView(method, path, headers, cookies, query, clientAddress);
        }
    }
}
