package io.graylane.core.trust;

import java.time.Instant;

/** The outcome of {@link LaneSignature#verify}: a valid lane, or why the value was rejected. */
public sealed interface Verification {

    /** Whether the signature is valid and unexpired. */
    default boolean isValid() {
        return this instanceof Valid;
    }

    /**
     * A valid, unexpired signed lane.
     *
     * @param lane      the lane name
     * @param keyId     the key that signed it
     * @param expiresAt when the signature stops being valid
     */
    record Valid(String lane, String keyId, Instant expiresAt) implements Verification {
    }

    /**
     * A rejected value.
     *
     * @param failure what kind of failure, for metrics
     * @param reason  a message for logs, e.g. {@code unknown key id k9}; input is escaped and shortened
     */
    record Invalid(Failure failure, String reason) implements Verification {
    }

    /** Why a signed value was rejected. */
    enum Failure {
        /** Not {@code <lane>;kid=<id>;exp=<seconds>;sig=<mac>}, too long, or an invalid lane name. */
        MALFORMED,
        /** Signed with a key id this policy does not have. */
        UNKNOWN_KEY_ID,
        /** The MAC does not match (tampered value or wrong secret). */
        BAD_SIGNATURE,
        /** Correctly signed, but its expiry has passed. */
        EXPIRED
    }
}
