package io.graylane.core.config;

import io.graylane.core.net.Cidr;

import java.util.List;
import java.util.Objects;

/**
 * Who may send a lane from outside. A lane header (or baggage member) is kept when the TCP peer lies
 * in {@code trustedCidrs}, or when its value carries a valid signature by one of {@code keys};
 * otherwise it is removed before coloring.
 *
 * @param trustedCidrs networks whose lanes are taken as they are
 * @param keys         HMAC-SHA256 keys for signed lane values
 */
public record TrustSettings(List<Cidr> trustedCidrs, List<SigningKey> keys) {

    /** Trust nobody: every incoming lane is stripped and the edge colors every request. */
    public static final TrustSettings NONE = new TrustSettings(List.of(), List.of());

    public TrustSettings {
        trustedCidrs = List.copyOf(trustedCidrs);
        keys = List.copyOf(keys);
    }

    /**
     * One signing key.
     *
     * @param id     key id carried in signed values ({@code kid})
     * @param secret the shared secret, at least 16 bytes once UTF-8 encoded
     */
    public record SigningKey(String id, String secret) {
        public SigningKey {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(secret, "secret");
            if (id.isEmpty() || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                throw new IllegalArgumentException("id: \"" + id + "\" (expected: letters, digits, '-', '_' or '.')");
            }
            if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 16) {
                throw new IllegalArgumentException("secret: (hidden, " + secret.length()
                        + " characters) (expected: at least 16 bytes)");
            }
        }

        @Override
        public String toString() {
            return "SigningKey[id=" + id + ", secret=***]";
        }
    }
}
