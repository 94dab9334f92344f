/**
 * Config versions and going back to them: the {@link io.graylane.gateway.rollback.ConfigHistory} of the
 * versions a gateway served (mirrored under a Consul key's history prefix), manual
 * {@link io.graylane.gateway.rollback.Rollbacks} (admin API) and the
 * {@link io.graylane.gateway.rollback.AutoRollback} that rolls back a version whose error rate after a
 * swap exceeds the previous one's. With a Consul key every rollback is a check-and-set write to the key,
 * so the fleet converges; with a file it applies on one gateway. See docs/config-ops.md.
 */
package io.graylane.gateway.rollback;
