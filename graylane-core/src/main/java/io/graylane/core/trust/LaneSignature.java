package io.graylane.core.trust;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.TrustSettings.SigningKey;
import io.graylane.core.model.Lane;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signed lane values: {@code <lane>;kid=<keyId>;exp=<unix-seconds>;sig=<mac>}, where {@code mac} is
 * base64url without padding of HMAC-SHA256(secret, {@code "<lane>|<keyId>|<exp>"}). The value is valid
 * until {@code exp} (exclusive). {@link #verify} never throws on hostile input: it bounds the length
 * first, parses without regexes, and compares MACs in constant time. Immutable and thread-safe.
 */
public final class LaneSignature {

    /** Longer values are rejected before any other work. */
    public static final int MAX_LENGTH = 512;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIG_LENGTH = 43; // 32 bytes in unpadded base64
    private static final int MAX_EXP_DIGITS = 11; // up to year 5138; keeps Instant in range
    private static final int MAX_KEY_ID_LENGTH = 64;
    private static final String FORMAT = "expected <lane>;kid=<key id>;exp=<unix seconds>;sig=<signature>";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, Keyed> keys;

    /**
     * A verifier for {@code keys}.
     *
     * @throws GraylaneException when two keys have the same id
     */
    public LaneSignature(List<SigningKey> keys) {
        Map<String, Keyed> byId = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            SigningKey key = Objects.requireNonNull(keys.get(i), "keys[" + i + "]");
            if (byId.put(key.id(), Keyed.of(key)) != null) {
                throw new GraylaneException("trust.keys[" + i + "].id: \"" + key.id()
                        + "\" (expected: an id no other key has)");
            }
        }
        this.keys = Map.copyOf(byId);
    }

    /**
     * Signs {@code lane} with {@code key} until {@code expiry} (truncated to whole seconds).
     *
     * @throws IllegalArgumentException when {@code lane} is not a valid lane name or {@code expiry}
     *                                  is before 1970 or after year 5138
     */
    public static String sign(String lane, SigningKey key, Instant expiry) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expiry, "expiry");
        if (!Lane.isValidName(lane)) {
            throw new IllegalArgumentException("lane: " + (lane == null ? "null" : LaneNames.quote(lane))
                    + " (expected: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit)");
        }
        long exp = expiry.getEpochSecond();
        if (exp <= 0 || Long.toString(exp).length() > MAX_EXP_DIGITS) {
            throw new IllegalArgumentException("expiry: " + expiry + " (expected: after 1970 and before year 5139)");
        }
        String signed = lane + "|" + key.id() + "|" + exp;
        byte[] mac = Keyed.of(key).mac().doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        return lane + ";kid=" + key.id() + ";exp=" + exp + ";sig=" + BASE64URL.encodeToString(mac);
    }

    /** Verifies {@code value} at {@code now}; never throws for any {@code value}, even {@code null}. */
    public Verification verify(String value, Instant now) {
        Objects.requireNonNull(now, "now");
        if (value == null || value.isEmpty()) {
            return malformed("empty value");
        }
        if (value.length() > MAX_LENGTH) {
            return malformed("value too long (" + value.length() + " characters, at most " + MAX_LENGTH + ")");
        }
        int kidAt = value.indexOf(';');
        int expAt = kidAt < 0 ? -1 : value.indexOf(';', kidAt + 1);
        int sigAt = expAt < 0 ? -1 : value.indexOf(';', expAt + 1);
        if (sigAt < 0 || value.indexOf(';', sigAt + 1) >= 0
                || !value.startsWith("kid=", kidAt + 1) || !value.startsWith("exp=", expAt + 1)
                || !value.startsWith("sig=", sigAt + 1)) {
            return malformed(FORMAT);
        }
        if (!Lane.isValidName(value, 0, kidAt)) {
            return malformed("invalid lane name " + LaneNames.quote(value.substring(0, kidAt)));
        }
        int kidStart = kidAt + 5;
        int expStart = expAt + 5;
        int sigStart = sigAt + 5;
        if (!isKeyId(value, kidStart, expAt)) {
            return malformed("invalid key id " + LaneNames.quote(value.substring(kidStart, expAt)));
        }
        long exp = parseSeconds(value, expStart, sigAt);
        if (exp < 0) {
            return malformed("invalid expiry " + LaneNames.quote(value.substring(expStart, sigAt)) + " (expected: unix seconds)");
        }
        if (value.length() - sigStart != SIG_LENGTH || !isBase64Url(value, sigStart, value.length())) {
            return malformed("invalid signature encoding (expected: " + SIG_LENGTH + " base64url characters)");
        }
        String keyId = value.substring(kidStart, expAt);
        Keyed keyed = keys.get(keyId);
        if (keyed == null) {
            return new Verification.Invalid(Verification.Failure.UNKNOWN_KEY_ID, "unknown key id " + keyId);
        }
        // The signed text "<lane>|<kid>|<exp>" is the value up to ";sig=" with ';' read as '|' and
        // the "kid="/"exp=" labels dropped; all of it is ASCII by now.
        Mac mac = keyed.mac();
        mac.update(value.substring(0, kidAt).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '|');
        mac.update(keyId.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '|');
        mac.update(value.substring(expStart, sigAt).getBytes(StandardCharsets.US_ASCII));
        byte[] expected = BASE64URL.encode(mac.doFinal());
        // Comparing the canonical encodings (not decoded bytes) also rejects the non-canonical
        // spellings a lenient base64 decoder would accept for the same MAC.
        byte[] actual = value.substring(sigStart).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            return new Verification.Invalid(Verification.Failure.BAD_SIGNATURE, "bad signature (key id " + keyId + ")");
        }
        Instant expiresAt = Instant.ofEpochSecond(exp);
        if (!now.isBefore(expiresAt)) {
            return new Verification.Invalid(Verification.Failure.EXPIRED, "signature expired " + expiresAt);
        }
        return new Verification.Valid(value.substring(0, kidAt), keyId, expiresAt);
    }

    private static Verification malformed(String why) {
        return new Verification.Invalid(Verification.Failure.MALFORMED, "malformed signed lane: " + why);
    }

    private static boolean isKeyId(String s, int from, int to) {
        if (to - from < 1 || to - from > MAX_KEY_ID_LENGTH) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Unsigned decimal of 1..11 digits, or -1. */
    private static long parseSeconds(String s, int from, int to) {
        if (to - from < 1 || to - from > MAX_EXP_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean isBase64Url(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** One key: its spec, and a keyed Mac that is only ever cloned, never used. */
    private record Keyed(SecretKeySpec spec, Mac prototype) {

        static Keyed of(SigningKey key) {
            SecretKeySpec spec = new SecretKeySpec(key.secret().getBytes(StandardCharsets.UTF_8), ALGORITHM);
            return new Keyed(spec, newMac(spec));
        }

        /**
         * A fresh keyed Mac (Mac is not thread-safe): cloning the prototype skips the provider
         * look-up and re-deriving the HMAC pads; a provider that cannot clone gets a new instance.
         */
        Mac mac() {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                return newMac(spec);
            }
        }
    }

    private static Mac newMac(SecretKeySpec spec) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(spec);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "LaneSignature[keys=" + keys.keySet() + "]";
    }
}
