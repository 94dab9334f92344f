package io.graylane.library.context;

import io.graylane.core.config.Propagation;
import io.graylane.core.model.Lane;

import java.util.Objects;

/**
 * The lane a piece of work runs in, as bound to a thread by {@link LaneContext}: the lane name, the
 * vetted value that carried it in (a signed value is forwarded as it arrived, so the next hop can
 * verify it), the request's vetted W3C {@code baggage} header (its other members travel on) and the
 * baggage member name the lane uses. Immutable and thread-safe.
 *
 * @param lane         the lane name, e.g. {@code canary}
 * @param carriedValue the lane value to send to the next hop: the vetted incoming value (which may be
 *                     signed, {@code canary;kid=k1;exp=…;sig=…}) or the lane name itself
 * @param baggage      the request's vetted {@code baggage} header, or {@code null} when it had none
 * @param baggageKey   the baggage member that carries the lane (from {@code propagation.baggageKey})
 */
public record LaneState(String lane, String carriedValue, String baggage, String baggageKey) {

    public LaneState {
        Objects.requireNonNull(lane, "lane");
        if (!Lane.isValidName(lane)) {
            throw new IllegalArgumentException("lane: \"" + lane
                    + "\" (expected: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit)");
        }
        carriedValue = carriedValue == null || carriedValue.isEmpty() ? lane : carriedValue;
        if (!carriedValue.equals(lane) && !carriedValue.startsWith(lane + ";")) {
            throw new IllegalArgumentException("carriedValue: \"" + carriedValue + "\" (expected: the lane \"" + lane
                    + "\" or a signed value of it)");
        }
        baggageKey = baggageKey == null ? Propagation.DEFAULT.baggageKey() : baggageKey;
    }

    /** The lane {@code lane} with no incoming carrier and no baggage, under the default baggage key. */
    public static LaneState of(String lane) {
        return new LaneState(lane, null, null, null);
    }

    /** Whether the lane arrived signed (its carried value holds a signature to forward). */
    public boolean isSigned() {
        return !carriedValue.equals(lane);
    }
}
