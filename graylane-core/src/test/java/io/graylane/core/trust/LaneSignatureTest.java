package io.graylane.core.trust;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.TrustSettings.SigningKey;
import io.graylane.core.trust.Verification.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaneSignatureTest {

    // The keys and vectors of docs/trust.md ("Test vectors").
    static final SigningKey K1 = new SigningKey("k1", "graylane-test-secret-0001");
    static final SigningKey EDGE = new SigningKey("edge-2026", "another-secret-of-32-bytes-long!");
    static final String CANARY_2026 = "canary;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE";
    static final String BETA_2100 = "beta-vip;kid=edge-2026;exp=4102444800;sig=L0T_a9uIGdpb9iQmfiwmf12-ZusOr06-6kMoGsorcHw";
    static final Instant BEFORE_2026 = Instant.parse("2025-12-31T23:59:59Z");

    private final LaneSignature signature = new LaneSignature(List.of(K1, EDGE));

    @ParameterizedTest(name = "{0} with {1} until {2}")
    @CsvSource({
            "canary, k1, 2026-01-01T00:00:00Z, " + CANARY_2026,
            "beta-vip, edge-2026, 2100-01-01T00:00:00Z, " + BETA_2100})
    void theDocumentedTestVectorsSignAndVerify(String lane, String keyId, String expiry, String expected) {
        SigningKey key = keyId.equals("k1") ? K1 : EDGE;

        assertThat(LaneSignature.sign(lane, key, Instant.parse(expiry))).isEqualTo(expected);
        assertThat(signature.verify(expected, BEFORE_2026))
                .isEqualTo(new Verification.Valid(lane, keyId, Instant.parse(expiry)));
    }

    @Test
    void aSignatureIsValidUntilItsExpiryExclusive() {
        Instant exp = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(signature.verify(CANARY_2026, exp.minusSeconds(1)).isValid()).isTrue();
        assertThat(signature.verify(CANARY_2026, exp))
                .isEqualTo(new Verification.Invalid(Failure.EXPIRED, "signature expired 2026-01-01T00:00:00Z"));
    }

    @Test
    void signingTruncatesTheExpiryToWholeSeconds() {
        String signed = LaneSignature.sign("canary", K1, Instant.parse("2026-01-01T00:00:00.999Z"));

        assertThat(signed).isEqualTo(CANARY_2026);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            // tampered lane, expiry or signature
            "beta;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | BAD_SIGNATURE | bad signature (key id k1)",
            "canary;kid=k1;exp=1767225601;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | BAD_SIGNATURE | bad signature (key id k1)",
            "canary;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OA | BAD_SIGNATURE | bad signature (key id k1)",
            "canary;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OF | BAD_SIGNATURE | bad signature (key id k1)",
            "canary;kid=edge-2026;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | BAD_SIGNATURE | bad signature (key id edge-2026)",
            "canary;kid=k9;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | UNKNOWN_KEY_ID | unknown key id k9",
            // not the format
            "canary | MALFORMED | malformed signed lane: expected <lane>;kid=<key id>;exp=<unix seconds>;sig=<signature>",
            ";;; | MALFORMED | malformed signed lane: expected <lane>;kid=<key id>;exp=<unix seconds>;sig=<signature>",
            "canary;kid=k1;exp=1767225600 | MALFORMED | malformed signed lane: expected <lane>;kid=<key id>;exp=<unix seconds>;sig=<signature>",
            "canary;exp=1767225600;kid=k1;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | MALFORMED | malformed signed lane: expected <lane>;kid=<key id>;exp=<unix seconds>;sig=<signature>",
            "canary;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE;x=1 | MALFORMED | malformed signed lane: expected <lane>;kid=<key id>;exp=<unix seconds>;sig=<signature>",
            "-canary;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | MALFORMED | malformed signed lane: invalid lane name \"-canary\"",
            "can ary;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | MALFORMED | malformed signed lane: invalid lane name \"can ary\"",
            "canary;kid=k 1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | MALFORMED | malformed signed lane: invalid key id \"k 1\"",
            "canary;kid=k1;exp=+1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | MALFORMED | malformed signed lane: invalid expiry \"+1767225600\" (expected: unix seconds)",
            "canary;kid=k1;exp=999999999999;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | MALFORMED | malformed signed lane: invalid expiry \"999999999999\" (expected: unix seconds)",
            "canary;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE= | MALFORMED | malformed signed lane: invalid signature encoding (expected: 43 base64url characters)",
            "canary;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd/gUo6zvh74WUBYR6PqTZA2/OE | MALFORMED | malformed signed lane: invalid signature encoding (expected: 43 base64url characters)",
            "canary;kid=k1;exp=1767225600;sig= | MALFORMED | malformed signed lane: invalid signature encoding (expected: 43 base64url characters)"})
    void aTamperedOrMalformedValueIsRejectedWithItsReason(String value, Failure failure, String reason) {
        assertThat(signature.verify(value, BEFORE_2026)).isEqualTo(new Verification.Invalid(failure, reason));
    }

    @Test
    void anOverlongValueIsRejectedBeforeAnyParsing() {
        String value = "a".repeat(513);

        assertThat(signature.verify(value, BEFORE_2026)).isEqualTo(new Verification.Invalid(Failure.MALFORMED,
                "malformed signed lane: value too long (513 characters, at most 512)"));
        assertThat(signature.verify(null, BEFORE_2026)).isEqualTo(new Verification.Invalid(Failure.MALFORMED,
                "malformed signed lane: empty value"));
    }

    @Test
    void hostileInputNeverThrowsAndNeverVerifies() {
        Random random = new Random(20260101);
        String alphabet = "canry;kid=exp0123456789sig_-AZ%\u0000\u00e9\ud83d\n ;;==";
        for (int i = 0; i < 20_000; i++) {
            char[] mutated = CANARY_2026.toCharArray();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                mutated[random.nextInt(mutated.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String value = new String(mutated, 0, random.nextInt(mutated.length + 1));
            if (value.equals(CANARY_2026)) {
                continue;
            }
            Verification v = signature.verify(value, BEFORE_2026);
            assertThat(v.isValid()).as(value).isFalse();
        }
    }

    @Test
    void signingRefusesWhatCouldNotBeVerified() {
        assertThatThrownBy(() -> LaneSignature.sign("bad lane", K1, Instant.parse("2026-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lane: \"bad lane\" (expected: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit)");
        assertThatThrownBy(() -> LaneSignature.sign("canary", K1, Instant.EPOCH))
                .hasMessage("expiry: 1970-01-01T00:00:00Z (expected: after 1970 and before year 5139)");
    }

    @Test
    void twoKeysWithOneIdAreAConfigError() {
        SigningKey again = new SigningKey("k1", "a-different-secret-entirely");

        assertThatThrownBy(() -> new LaneSignature(List.of(K1, EDGE, again)))
                .isInstanceOf(GraylaneException.class)
                .hasMessage("trust.keys[2].id: \"k1\" (expected: an id no other key has)");
    }

    @Test
    void aValueSignedWithAnotherSecretUnderTheSameKeyIdFails() {
        SigningKey impostor = new SigningKey("k1", "guessed-secret-0000000");
        String forged = LaneSignature.sign("canary", impostor, Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(signature.verify(forged, BEFORE_2026))
                .isEqualTo(new Verification.Invalid(Failure.BAD_SIGNATURE, "bad signature (key id k1)"));
    }

    @Test
    void theSecretIsNeverPrinted() {
        assertThat(signature.toString()).doesNotContain("graylane-test-secret").contains("k1", "edge-2026");
    }
}
