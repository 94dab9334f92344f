package io.graylane.core.trust;

import java.time.Instant;

/**
 * What {@link TrustPolicy} decided about an incoming lane value: absent, keep it as it is (trusted
 * peer), keep the lane of a verified signature, or strip it with a reason.
 */
public sealed interface TrustVerdict {

    /** No lane arrived. */
    TrustVerdict ABSENT = new Absent();

    /** The lane to use, or {@code null} when none is kept. */
    String lane();

    /** Whether a lane is kept. */
    default boolean isKept() {
        return lane() != null;
    }

    /** No lane value arrived (or it was empty). */
    record Absent() implements TrustVerdict {
        @Override
        public String lane() {
            return null;
        }
    }

    /**
     * The peer is trusted: the value is kept verbatim and passed on as it is.
     *
     * @param lane the lane: the value itself, or its part before {@code ;} when a trusted hop
     *             forwards a signed value
     */
    record KeepAsIs(String lane) implements TrustVerdict {
    }

    /**
     * The value's signature is valid: the lane is taken from it.
     *
     * @param lane      the signed lane name
     * @param keyId     the key that signed it
     * @param expiresAt when the signature expires
     */
    record KeepVerified(String lane, String keyId, Instant expiresAt) implements TrustVerdict {
    }

    /**
     * The value must be removed before coloring.
     *
     * @param cause  kind of failure, low-cardinality for metric labels
     * @param reason message for logs and the debug header, e.g. {@code unknown key id k9}
     */
    record Strip(StripCause cause, String reason) implements TrustVerdict {
        @Override
        public String lane() {
            return null;
        }
    }

    /** Why a lane value was stripped. */
    enum StripCause {
        /** Sent by an untrusted peer without a signature. */
        UNTRUSTED_PEER,
        /** Not a syntactically valid lane name. */
        INVALID_LANE_NAME,
        /** Too long, or looks signed but is not in the signed format. */
        MALFORMED,
        /** Signed with an unknown key id. */
        UNKNOWN_KEY_ID,
        /** Signature does not match. */
        BAD_SIGNATURE,
        /** Signature has expired. */
        EXPIRED
    }
}
