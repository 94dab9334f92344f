package io.graylane.core.engine;

/** Where a request's lane came from. */
public enum LaneSource {
    /** Sent by a trusted peer in the lane header (an upstream hop); kept as it is. */
    TRUSTED_HEADER,
    /** Sent by a trusted peer as a W3C baggage member. */
    TRUSTED_BAGGAGE,
    /** Sent with a valid signature, so kept although the peer is not trusted. */
    SIGNED,
    /** Assigned here by a coloring rule. */
    RULE,
    /** Assigned here because no coloring rule matched. */
    DEFAULT
}
