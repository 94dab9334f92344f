package io.graylane.consul;

/**
 * What a {@link ConsulConfigSource} did with the documents it saw, since it started. Immutable
 * snapshot, for metrics.
 *
 * @param accepted     valid new documents made current
 * @param rejected     documents that failed to parse or validate (or that a listener refused)
 * @param unchanged    documents identical (same SHA-256) to the current one: no-ops
 * @param staleIgnored documents with an older ModifyIndex than the current one: ignored
 */
public record ConfigSourceCounters(long accepted, long rejected, long unchanged, long staleIgnored) {
}
