package io.graylane.core.trust;

import io.graylane.core.chain.Headers;
import io.graylane.core.config.Propagation;
import io.graylane.core.config.TrustSettings;
import io.graylane.core.model.Lane;
import io.graylane.core.net.Cidr;
import io.graylane.core.trust.TrustVerdict.KeepAsIs;
import io.graylane.core.trust.TrustVerdict.KeepVerified;
import io.graylane.core.trust.TrustVerdict.Strip;
import io.graylane.core.trust.TrustVerdict.StripCause;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a lane arriving with a request is kept: it is when the TCP peer lies in a trusted
 * network (the value is then kept verbatim), or when the value is a valid, unexpired signed lane
 * ({@link LaneSignature}); anything else is stripped with a reason. A kept lane must also be a valid
 * lane name. Built once per snapshot from {@link TrustSettings} and {@link Propagation}; immutable
 * and thread-safe. The trusted-peer path allocates nothing once warm when given the peer's raw bytes
 * ({@link #evaluate(String, byte[], Instant)}, e.g. from {@code RequestView.clientAddressBytes()}).
 */
public final class TrustPolicy {

    /** Distinct lanes whose keep-verdicts are cached; lanes are few, so this bound is never reached in practice. */
    private static final int VERDICT_CACHE_LIMIT = 1024;

    private final Cidr[] trustedNetworks;
    private final LaneSignature signature;
    private final Propagation propagation;
    private final ConcurrentHashMap<String, KeepAsIs> keepVerdicts = new ConcurrentHashMap<>();

    /**
     * @throws io.graylane.core.GraylaneException when two signing keys share an id
     */
    public TrustPolicy(TrustSettings settings, Propagation propagation) {
        Objects.requireNonNull(settings, "settings");
        this.propagation = Objects.requireNonNull(propagation, "propagation");
        this.trustedNetworks = settings.trustedCidrs().toArray(new Cidr[0]);
        this.signature = new LaneSignature(settings.keys());
    }

    /** Where lanes travel: the lane header and the baggage member this policy vets. */
    public Propagation propagation() {
        return propagation;
    }

    /** Whether {@code peer} lies in a trusted network; {@code null} (unknown) is not trusted. */
    public boolean isTrustedPeer(InetAddress peer) {
        return peer != null && isTrustedPeer(peer.getAddress());
    }

    /** Whether the raw address (4 or 16 bytes, IPv4-mapped allowed) lies in a trusted network. */
    public boolean isTrustedPeer(byte[] peer) {
        if (peer == null) {
            return false;
        }
        for (Cidr network : trustedNetworks) {
            if (network.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #evaluate(String, byte[], Instant)} for an {@link InetAddress} peer (copies its bytes). */
    public TrustVerdict evaluate(String value, InetAddress peer, Instant now) {
        return evaluate(value, peer == null ? null : peer.getAddress(), now);
    }

    /**
     * The verdict on one lane value (the lane header's, or the baggage member's decoded value) sent
     * by {@code peer} (raw bytes, {@code null} when unknown) at {@code now}. Never throws on hostile
     * values.
     */
    public TrustVerdict evaluate(String value, byte[] peer, Instant now) {
        if (value == null || value.isEmpty()) {
            return TrustVerdict.ABSENT;
        }
        if (value.length() > LaneSignature.MAX_LENGTH) {
            return new Strip(StripCause.MALFORMED, "value too long (" + value.length()
                    + " characters, at most " + LaneSignature.MAX_LENGTH + ")");
        }
        int semicolon = value.indexOf(';');
        if (isTrustedPeer(peer)) {
            int end = semicolon < 0 ? value.length() : semicolon;
            if (!Lane.isValidName(value, 0, end)) {
                return new Strip(StripCause.INVALID_LANE_NAME, "invalid lane name " + LaneNames.quote(value.substring(0, end)));
            }
            // A trusted hop may forward a value an edge signed; its lane is the part before ';'.
            return semicolon < 0 ? keepAsIs(value) : new KeepAsIs(value.substring(0, semicolon));
        }
        if (semicolon < 0) {
            return new Strip(StripCause.UNTRUSTED_PEER, "untrusted peer " + Addresses.format(peer) + " and value not signed");
        }
        Verification verification = signature.verify(value, now);
        if (verification instanceof Verification.Valid v) {
            return new KeepVerified(v.lane(), v.keyId(), v.expiresAt());
        }
        Verification.Invalid invalid = (Verification.Invalid) verification;
        return new Strip(switch (invalid.failure()) {
            case MALFORMED -> StripCause.MALFORMED;
            case UNKNOWN_KEY_ID -> StripCause.UNKNOWN_KEY_ID;
            case BAD_SIGNATURE -> StripCause.BAD_SIGNATURE;
            case EXPIRED -> StripCause.EXPIRED;
        }, invalid.reason());
    }

    /** A cached verdict per lane name: no allocation for lanes seen before. */
    private KeepAsIs keepAsIs(String lane) {
        KeepAsIs verdict = keepVerdicts.get(lane);
        if (verdict == null) {
            verdict = new KeepAsIs(lane);
            if (keepVerdicts.size() < VERDICT_CACHE_LIMIT) {
                keepVerdicts.putIfAbsent(lane, verdict);
            }
        }
        return verdict;
    }

    /**
     * Vets the lane in {@code headers} in place: the lane header and, when propagation uses baggage,
     * the baggage member. A stripped value is removed (other baggage members stay); a kept lane
     * header is collapsed to the single value that was vetted, so a second copy cannot ride along.
     * The header's verdict wins over the baggage's; the baggage's is returned when the header has no
     * kept lane and the baggage has one, or when the header is absent.
     */
    public TrustVerdict apply(Headers headers, byte[] peer, Instant now) {
        String headerName = propagation.laneHeader();
        String headerValue = headers.get(headerName);
        TrustVerdict fromHeader = evaluate(headerValue, peer, now);
        if (fromHeader instanceof Strip) {
            headers.remove(headerName);
        } else if (fromHeader.isKept()) {
            headers.set(headerName, headerValue);
        }
        if (!propagation.baggage() || !headers.contains(Baggage.HEADER)) {
            return fromHeader;
        }
        List<String> lines = headers.getAll(Baggage.HEADER);
        String baggage = lines.size() == 1 ? lines.get(0) : String.join(",", lines);
        String member = Baggage.readMember(baggage, propagation.baggageKey());
        if (member == null) {
            return fromHeader;
        }
        TrustVerdict fromBaggage = evaluate(member, peer, now);
        if (fromBaggage instanceof Strip) {
            String rest = Baggage.withoutMember(baggage, propagation.baggageKey());
            if (rest == null) {
                headers.remove(Baggage.HEADER);
            } else {
                headers.set(Baggage.HEADER, rest);
            }
        }
        boolean useBaggage = fromHeader instanceof TrustVerdict.Absent || (!fromHeader.isKept() && fromBaggage.isKept());
        return useBaggage ? fromBaggage : fromHeader;
    }

    @Override
    public String toString() {
        return "TrustPolicy[trusted=" + List.of(trustedNetworks) + ", " + signature + ", header=" + propagation.laneHeader() + "]";
    }
}
