package io.graylane.core.trust;

import io.graylane.core.chain.Headers;
import io.graylane.core.config.Propagation;
import io.graylane.core.config.TrustSettings;
import io.graylane.core.net.Cidr;
import io.graylane.core.trust.TrustVerdict.KeepAsIs;
import io.graylane.core.trust.TrustVerdict.KeepVerified;
import io.graylane.core.trust.TrustVerdict.Strip;
import io.graylane.core.trust.TrustVerdict.StripCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

import java.lang.management.ManagementFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

import static io.graylane.core.trust.LaneSignatureTest.BEFORE_2026;
import static io.graylane.core.trust.LaneSignatureTest.BETA_2100;
import static io.graylane.core.trust.LaneSignatureTest.CANARY_2026;
import static io.graylane.core.trust.LaneSignatureTest.EDGE;
import static io.graylane.core.trust.LaneSignatureTest.K1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TrustPolicyTest {

    private final TrustPolicy policy = new TrustPolicy(
            new TrustSettings(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")), List.of(K1, EDGE)),
            Propagation.DEFAULT);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByAddress(Cidr.parseLiteral(literal));
    }

    @ParameterizedTest(name = "{0} is trusted")
    @CsvSource({"10.1.2.3", "10.255.255.255", "fd00::1", "fdff:1234::9", "::ffff:10.9.8.7"})
    void aTrustedPeersLaneIsKeptAsIs(String peer) throws Exception {
        assertThat(policy.evaluate("canary", ip(peer), BEFORE_2026)).isEqualTo(new KeepAsIs("canary"));
    }

    @Test
    void anIpv4MappedIpv6PeerMatchesIpv4Networks() throws Exception {
        // The JDK turns ::ffff:a.b.c.d literals into Inet4Address; build a real 16-byte one.
        byte[] mapped = toMapped(Cidr.parseLiteral("10.9.8.7"));
        InetAddress asIpv6 = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(asIpv6).isInstanceOf(Inet6Address.class);
        assertThat(policy.evaluate("canary", asIpv6, BEFORE_2026)).isEqualTo(new KeepAsIs("canary"));
        assertThat(policy.evaluate("canary", mapped, BEFORE_2026)).isEqualTo(new KeepAsIs("canary"));
    }

    private static byte[] toMapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xFF;
        b[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "203.0.113.9        | untrusted peer 203.0.113.9 and value not signed",
            "11.0.0.1           | untrusted peer 11.0.0.1 and value not signed",
            "2001:db8::9        | untrusted peer 2001:db8::9 and value not signed",
            "2001:db8:0:0:1:0:0:1 | untrusted peer 2001:db8::1:0:0:1 and value not signed",
            "fe80::1            | untrusted peer fe80::1 and value not signed",
            "::ffff:203.0.113.9 | untrusted peer 203.0.113.9 and value not signed"})
    void anUntrustedPeersUnsignedLaneIsStripped(String peer, String reason) throws Exception {
        assertThat(policy.evaluate("canary", ip(peer), BEFORE_2026)).isEqualTo(new Strip(StripCause.UNTRUSTED_PEER, reason));
    }

    @Test
    void anUnknownPeerIsNotTrusted() {
        assertThat(policy.evaluate("canary", (InetAddress) null, BEFORE_2026))
                .isEqualTo(new Strip(StripCause.UNTRUSTED_PEER, "untrusted peer (unknown) and value not signed"));
    }

    @Test
    void aValidSignatureFromAnUntrustedPeerKeepsTheSignedLane() throws Exception {
        assertThat(policy.evaluate(CANARY_2026, ip("203.0.113.9"), BEFORE_2026))
                .isEqualTo(new KeepVerified("canary", "k1", Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(policy.evaluate(BETA_2100, ip("2001:db8::9"), BEFORE_2026).lane()).isEqualTo("beta-vip");
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "canary;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | EXPIRED | signature expired 2026-01-01T00:00:00Z",
            "canary;kid=k9;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | UNKNOWN_KEY_ID | unknown key id k9",
            "stable;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OE | BAD_SIGNATURE | bad signature (key id k1)",
            "canary;kid=k1;exp=1767225600;sig=6NQeB8pqO5wiw69pcd_gUo6zvh74WUBYR6PqTZA2_OA | BAD_SIGNATURE | bad signature (key id k1)",
            "canary;sig=garbage                                                           | MALFORMED | malformed signed lane: expected <lane>;kid=<key id>;exp=<unix seconds>;sig=<signature>"})
    void aBadSignatureFromAnUntrustedPeerIsStrippedWithItsReason(String value, StripCause cause, String reason) throws Exception {
        Instant now = cause == StripCause.EXPIRED ? Instant.parse("2026-06-01T00:00:00Z") : BEFORE_2026;

        assertThat(policy.evaluate(value, ip("203.0.113.9"), now)).isEqualTo(new Strip(cause, reason));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
            "bad lane!  | invalid lane name \"bad lane!\"",
            "-canary    | invalid lane name \"-canary\"",
            "café       | invalid lane name \"caf\\u00e9\"",
            "'a\tb'     | invalid lane name \"a\\u0009b\""})
    void aTrustedPeerStillCannotSendAnInvalidLaneName(String value, String reason) throws Exception {
        assertThat(policy.evaluate(value, ip("10.0.0.1"), BEFORE_2026)).isEqualTo(new Strip(StripCause.INVALID_LANE_NAME, reason));
    }

    @Test
    void aSixtyFourCharacterLaneNameIsInvalidEvenFromATrustedPeer() throws Exception {
        TrustVerdict verdict = policy.evaluate("a".repeat(64), ip("10.0.0.1"), BEFORE_2026);

        assertThat(verdict).isInstanceOf(Strip.class).extracting(v -> ((Strip) v).cause()).isEqualTo(StripCause.INVALID_LANE_NAME);
        assertThat(policy.evaluate("a".repeat(63), ip("10.0.0.1"), BEFORE_2026).isKept()).isTrue();
    }

    @Test
    void anOverlongValueIsStrippedWhoeverSendsIt() throws Exception {
        Strip tooLong = new Strip(StripCause.MALFORMED, "value too long (513 characters, at most 512)");

        assertThat(policy.evaluate("a".repeat(513), ip("10.0.0.1"), BEFORE_2026)).isEqualTo(tooLong);
        assertThat(policy.evaluate("a".repeat(513), ip("203.0.113.9"), BEFORE_2026)).isEqualTo(tooLong);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void noValueIsAbsent(String value) throws Exception {
        assertThat(policy.evaluate(value, ip("203.0.113.9"), BEFORE_2026)).isSameAs(TrustVerdict.ABSENT);
    }

    @Test
    void aTrustedHopForwardingASignedValueKeepsItVerbatimWithItsLane() throws Exception {
        Instant longAfterExpiry = Instant.parse("2030-01-01T00:00:00Z");

        assertThat(policy.evaluate(CANARY_2026, ip("10.0.0.1"), longAfterExpiry)).isEqualTo(new KeepAsIs("canary"));
    }

    @Test
    void withNoTrustSettingsEveryUnsignedLaneIsStripped() throws Exception {
        TrustPolicy none = new TrustPolicy(TrustSettings.NONE, Propagation.DEFAULT);

        assertThat(none.evaluate("canary", ip("127.0.0.1"), BEFORE_2026)).isInstanceOf(Strip.class);
        assertThat(none.evaluate(CANARY_2026, ip("127.0.0.1"), BEFORE_2026))
                .isEqualTo(new Strip(StripCause.UNKNOWN_KEY_ID, "unknown key id k1"));
    }

    @Test
    void applyStripsAnUntrustedLaneFromTheHeaderAndTheBaggageButKeepsOtherMembers() throws Exception {
        Headers headers = Headers.of("X-Graylane-Lane", "canary", "baggage", "userId=alice,graylane.lane=canary;p=1",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        TrustVerdict verdict = policy.apply(headers, ip("203.0.113.9").getAddress(), BEFORE_2026);

        assertThat(verdict).isEqualTo(new Strip(StripCause.UNTRUSTED_PEER, "untrusted peer 203.0.113.9 and value not signed"));
        assertThat(headers.contains("X-Graylane-Lane")).isFalse();
        assertThat(headers.get("baggage")).isEqualTo("userId=alice");
        assertThat(headers.contains("traceparent")).isTrue();
    }

    @Test
    void applyRemovesTheBaggageHeaderWhenTheLaneWasItsOnlyMember() throws Exception {
        Headers headers = Headers.of("baggage", "graylane.lane=canary");

        policy.apply(headers, ip("203.0.113.9").getAddress(), BEFORE_2026);

        assertThat(headers.contains("baggage")).isFalse();
    }

    @Test
    void applyKeepsATrustedLaneAndCollapsesADuplicateHeader() throws Exception {
        Headers headers = Headers.of("X-Graylane-Lane", "canary", "x-graylane-lane", "beta-vip",
                "baggage", "graylane.lane=canary");

        TrustVerdict verdict = policy.apply(headers, ip("10.0.0.1").getAddress(), BEFORE_2026);

        assertThat(verdict).isEqualTo(new KeepAsIs("canary"));
        assertThat(headers.getAll("X-Graylane-Lane")).containsExactly("canary");
        assertThat(headers.get("baggage")).isEqualTo("graylane.lane=canary");
    }

    @Test
    void applyTakesASignedLaneFromBaggageWhenTheHeaderIsAbsent() throws Exception {
        Headers headers = Headers.of("baggage", "userId=alice, " + "graylane.lane=" + CANARY_2026.replace(";", "%3B"));

        TrustVerdict verdict = policy.apply(headers, ip("203.0.113.9").getAddress(), BEFORE_2026);

        assertThat(verdict).isEqualTo(new KeepVerified("canary", "k1", Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(headers.get("baggage")).contains("graylane.lane=canary%3Bkid=k1");
    }

    @Test
    void applyPrefersAKeptBaggageLaneOverAStrippedHeader() throws Exception {
        Headers headers = Headers.of("X-Graylane-Lane", "beta-vip",
                "baggage", "graylane.lane=" + CANARY_2026.replace(";", "%3B"));

        TrustVerdict verdict = policy.apply(headers, ip("203.0.113.9").getAddress(), BEFORE_2026);

        assertThat(verdict.lane()).isEqualTo("canary");
        assertThat(headers.contains("X-Graylane-Lane")).isFalse();
    }

    @Test
    void applyLeavesBaggageAloneWhenPropagationDoesNotUseIt() throws Exception {
        TrustPolicy headerOnly = new TrustPolicy(new TrustSettings(List.of(), List.of()),
                new Propagation("X-Lane", false, "graylane.lane"));
        Headers headers = Headers.of("X-Lane", "canary", "baggage", "graylane.lane=canary");

        headerOnly.apply(headers, ip("203.0.113.9").getAddress(), BEFORE_2026);

        assertThat(headers.contains("X-Lane")).isFalse();
        assertThat(headers.get("baggage")).isEqualTo("graylane.lane=canary");
    }

    @Test
    void theTrustedPeerPathAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        byte[] peer = ip("fd00::17").getAddress();
        String[] lanes = {"canary", "stable", "beta-vip"};
        for (int i = 0; i < 20_000; i++) {
            policy.evaluate(lanes[i % 3], peer, BEFORE_2026);
        }

        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        int kept = 0;
        for (int i = 0; i < 100_000; i++) {
            kept += policy.evaluate(lanes[i % 3], peer, BEFORE_2026).isKept() ? 1 : 0;
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(kept).isEqualTo(100_000);
        assertThat(allocated).isLessThan(8 * 1024);
    }
}
