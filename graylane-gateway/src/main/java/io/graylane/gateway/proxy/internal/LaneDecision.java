package io.graylane.gateway.proxy.internal;

import io.graylane.core.config.Propagation;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.engine.LaneSource;
import io.graylane.core.rule.ColoringOutcome;
import io.graylane.core.trust.Baggage;
import io.graylane.core.trust.TrustPolicy;
import io.graylane.core.trust.TrustVerdict;
import io.graylane.gateway.proxy.RequestObserver;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * One request's lane, decided in place on Netty's headers with {@code TrustPolicy.apply} semantics:
 * the lane header and the baggage member are vetted against the TCP peer, a stripped value is removed
 * before coloring (no rule may read a lane the sender may not set), the header's verdict wins, and
 * without a kept lane the coloring rules decide. Then {@link #propagate} writes the lane for the next
 * hop. One instance per connection, reused for each request; not thread-safe.
 */
final class LaneDecision {

    static final AsciiString BAGGAGE = HeaderNames.BAGGAGE;

    /** The request's lane. */
    String lane;
    /** Where {@link #lane} came from. */
    LaneSource source;
    /** The matching coloring rule, or {@code null}. */
    String rule;
    /** What travels on: a kept value verbatim (a signed one stays verifiable), else the lane. */
    private String carried;
    /** Told of each stripped value, or null. */
    private final RequestObserver observer;
    /** The lane header's name as configured, and as a header-map key (hashed once, not per lookup). */
    private String laneHeaderText;
    private AsciiString laneHeader;

    LaneDecision() {
        this(null);
    }

    LaneDecision(RequestObserver observer) {
        this.observer = observer;
    }

    /**
     * Decides the lane of a request.
     *
     * @param engine  the engine the request is decided with
     * @param headers the request's headers; stripped lane values are removed from them
     * @param view    the request, for the peer address and the coloring rules
     * @param now     the time signed values are checked against, asked only when a lane value arrived
     */
    void decide(LaneEngine engine, HttpHeaders headers, NettyRequestView view, Supplier<Instant> now) {
        TrustPolicy trust = engine.trust();
        Propagation propagation = trust.propagation();
        byte[] peer = view.clientAddressBytes();
        AsciiString laneHeader = laneHeader(propagation);
        String headerValue = headers.get(laneHeader);
        TrustVerdict verdict = TrustVerdict.ABSENT;
        boolean fromBaggage = false;
        carried = null;
        rule = null;
        if (headerValue != null && !headerValue.isEmpty()) {
            verdict = trust.evaluate(headerValue, peer, now.get());
            if (verdict.isKept()) {
                carried = headerValue;
            } else {
                headers.remove(laneHeader);
                stripped(verdict);
            }
        }
        if (propagation.baggage() && !verdict.isKept() && headers.contains(BAGGAGE)) {
            String baggage = baggage(headers);
            String member = Baggage.readMember(baggage, propagation.baggageKey());
            if (member != null) {
                TrustVerdict fromMember = trust.evaluate(member, peer, now.get());
                if (fromMember.isKept()) {
                    verdict = fromMember;
                    carried = member;
                    fromBaggage = true;
                } else {
                    stripped(fromMember);
                    if (verdict instanceof TrustVerdict.Absent) {
                        verdict = fromMember;
                    }
                    String rest = Baggage.withoutMember(baggage, propagation.baggageKey());
                    if (rest == null) {
                        headers.remove(BAGGAGE);
                    } else {
                        headers.set(BAGGAGE, rest);
                    }
                }
            }
        }
        if (verdict.isKept()) {
            lane = verdict.lane();
            source = verdict instanceof TrustVerdict.KeepVerified ? LaneSource.SIGNED
                    : fromBaggage ? LaneSource.TRUSTED_BAGGAGE : LaneSource.TRUSTED_HEADER;
            return;
        }
        ColoringOutcome outcome = engine.color(view);
        lane = outcome.lane();
        rule = outcome.rule();
        source = outcome.isDefault() ? LaneSource.DEFAULT : LaneSource.RULE;
        carried = lane;
    }

    private void stripped(TrustVerdict verdict) {
        if (observer != null && verdict instanceof TrustVerdict.Strip strip) {
            observer.laneStripped(strip.cause());
        }
    }

    /**
     * Sets the lane header (one value) and, when propagation uses baggage, the baggage member (other
     * members kept) for the next hop. A request without baggage gets a cached member.
     */
    void propagate(Propagation propagation, HttpHeaders headers, LoopResources loop) {
        if (carried == null) {
            // A middleware cleared the lane: nothing travels on.
            headers.remove(laneHeader(propagation));
            if (propagation.baggage() && headers.contains(BAGGAGE)) {
                String rest = Baggage.withoutMember(baggage(headers), propagation.baggageKey());
                if (rest == null) {
                    headers.remove(BAGGAGE);
                } else {
                    headers.set(BAGGAGE, rest);
                }
            }
            return;
        }
        headers.set(laneHeader(propagation), carried);
        if (propagation.baggage()) {
            String key = propagation.baggageKey();
            String value = headers.contains(BAGGAGE)
                    ? Baggage.withMember(baggage(headers), key, carried)
                    : carried.equals(lane) ? loop.baggageMember(key, carried) : Baggage.withMember(null, key, carried);
            headers.set(BAGGAGE, value);
        }
    }

    /**
     * A middleware set another lane ({@code Exchange.setLane}): it travels on instead of what arrived
     * or was colored; {@code null} sends no lane.
     */
    void override(String newLane) {
        lane = newLane;
        carried = newLane;
    }

    private AsciiString laneHeader(Propagation propagation) {
        String name = propagation.laneHeader();
        if (name != laneHeaderText) { // the same configuration hands out the same String
            laneHeader = new AsciiString(name);
            laneHeaderText = name;
        }
        return laneHeader;
    }

    /** Forgets the previous request's decision. */
    void clear() {
        lane = null;
        source = null;
        rule = null;
        carried = null;
    }

    /** The baggage header as one value (several lines are one comma-separated list). */
    private static String baggage(HttpHeaders headers) {
        List<String> lines = headers.getAll(BAGGAGE);
        return lines.size() == 1 ? lines.get(0) : String.join(",", lines);
    }
}
