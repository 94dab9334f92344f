package io.graylane.core.chain;

import io.graylane.core.rule.RequestView;

/**
 * Graylane's view of one request on its way through the chain, implemented by each adapter (the
 * gateway over Netty, the servlet filter) over its own request type; {@link SimpleExchange} is an
 * in-memory one. It is a {@link RequestView}, so coloring rules read it directly, and it carries what
 * middleware decide along the way: the lane, mutable request headers and typed attributes. Used by
 * one thread at a time (successive stages of one request may run on different threads).
 */
public interface Exchange extends RequestView {

    /** The raw query string without {@code ?} (not decoded), or {@code null} when there is none. */
    String queryString();

    /** The request headers; changes are seen by later middleware and by the upstream request. */
    Headers headers();

    /** First value of header {@code name} (case-insensitive), or {@code null}. */
    @Override
    default String header(String name) {
        return headers().get(name);
    }

    /** The request's lane, or {@code null} before it is colored or kept from a trusted hop. */
    String lane();

    /** Sets the request's lane; {@code null} clears it. */
    void setLane(String lane);

    /**
     * This exchange's attributes: one instance for the exchange's whole life (a wrapping exchange
     * returns the wrapped one's). The chain keeps its per-exchange bookkeeping there too.
     */
    Attributes attributes();

    /** The value of attribute {@code key}, or {@code null}. */
    default <T> T attr(AttributeKey<T> key) {
        return attributes().get(key);
    }

    /** Sets attribute {@code key} to {@code value}; {@code null} removes it. */
    default <T> void setAttr(AttributeKey<T> key, T value) {
        attributes().set(key, value);
    }
}
