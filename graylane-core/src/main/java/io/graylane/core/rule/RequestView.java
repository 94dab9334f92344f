package io.graylane.core.rule;

import java.net.InetAddress;

/**
 * The parts of a request that coloring rules look at. Adapters (gateway, servlet filter, CLI)
 * implement it over their own request type without copying; lookups return {@code null} when the
 * item is absent. Implementations are used by one thread at a time.
 */
public interface RequestView {

    /** Request method, upper case, e.g. {@code GET}. */
    String method();

    /** Request path without the query string, e.g. {@code /api/orders}. */
    String path();

    /** First value of header {@code name} (case-insensitive), or {@code null}. */
    String header(String name);

    /**
     * The same as {@link #header}, for a name the caller has already lower-cased with
     * {@code Locale.ROOT}, as compiled conditions do once at load time. Views that store names
     * lower case override it to skip case folding on every look-up; the default just calls
     * {@link #header}.
     */
    default String lowerCaseHeader(String lowerCaseName) {
        return header(lowerCaseName);
    }

    /** Value of cookie {@code name}, or {@code null}. */
    String cookie(String name);

    /** First value of query parameter {@code name} (URL-decoded), or {@code null}. */
    String query(String name);

    /** The client's address (the TCP peer), or {@code null} when unknown. */
    InetAddress clientAddress();

    /**
     * The client's address as 4 or 16 raw bytes, or {@code null} when unknown; callers must not
     * modify the array. The default copies {@link #clientAddress()}; adapters that keep the bytes
     * (per connection, say) override it so that CIDR conditions allocate nothing per request.
     */
    default byte[] clientAddressBytes() {
        InetAddress address = clientAddress();
        return address == null ? null : address.getAddress();
    }
}
