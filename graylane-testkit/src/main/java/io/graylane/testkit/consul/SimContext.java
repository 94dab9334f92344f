package io.graylane.testkit.consul;

/** What every endpoint needs: configuration, state, faults, ACLs and TTL timers. */
record SimContext(String datacenter, String nodeName, boolean enterprise, Store store, Faults faults, Acl acl,
                  TtlChecks ttl) {
}
