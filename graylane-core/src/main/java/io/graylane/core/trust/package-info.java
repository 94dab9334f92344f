/**
 * Lane trust: a lane arriving from outside is kept only when the sender is trusted (a CIDR
 * allow-list) or the value carries a valid HMAC signature ({@link io.graylane.core.trust.LaneSignature});
 * {@link io.graylane.core.trust.TrustPolicy} decides, {@link io.graylane.core.trust.Baggage} reads
 * and writes the lane's W3C baggage member. See {@code docs/trust.md}.
 */
package io.graylane.core.trust;
