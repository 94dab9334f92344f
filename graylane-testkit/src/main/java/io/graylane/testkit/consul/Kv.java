package io.graylane.testkit.consul;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Direct KV access from Java (each write is one raft write, as a PUT would be). Thread-safe.
 *
 * <pre>{@code
 * sim.kv().put("graylane/config", yaml);
 * sim.kv().inDatacenter("dc2").put("graylane/config", other);
 * }</pre>
 */
public final class Kv {

    private final SimContext ctx;
    private final String datacenter;
    private final String namespace;

    Kv(SimContext ctx, String datacenter, String namespace) {
        this.ctx = ctx;
        this.datacenter = datacenter;
        this.namespace = namespace;
    }

    public Kv inDatacenter(String name) {
        ctx.store().read(() -> ConsulSimulator.requireDatacenter(ctx, name));
        return new Kv(ctx, name, namespace);
    }

    /** The same operations in an Enterprise namespace. */
    public Kv inNamespace(String ns) {
        if (!ctx.enterprise()) {
            throw new IllegalStateException("namespace: " + ns + " (expected: enterprise(true) on the builder)");
        }
        return new Kv(ctx, datacenter, ns);
    }

    public Kv put(String key, String value) {
        return put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    public Kv put(String key, byte[] value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key: empty (expected: a KV key)");
        }
        byte[] copy = value.clone();
        ctx.store().write(() -> {
            Datacenter dc = ConsulSimulator.requireDatacenter(ctx, datacenter);
            dc.kv(namespace).set(key, copy, 0, dc.nextIndex());
        });
        return this;
    }

    public Optional<String> get(String key) {
        return ctx.store().read(() -> {
            KvEntry e = ConsulSimulator.requireDatacenter(ctx, datacenter).kv(namespace).get(key);
            return e == null ? Optional.<String>empty() : Optional.of(new String(e.value(), StandardCharsets.UTF_8));
        });
    }

    /** The key's ModifyIndex, or 0 when absent. */
    public long modifyIndex(String key) {
        return ctx.store().read(() -> {
            KvEntry e = ConsulSimulator.requireDatacenter(ctx, datacenter).kv(namespace).get(key);
            return e == null ? 0L : e.modifyIndex();
        });
    }

    public Kv delete(String key) {
        ctx.store().write(() -> {
            Datacenter dc = ConsulSimulator.requireDatacenter(ctx, datacenter);
            KvTable t = dc.kv(namespace);
            long idx = dc.raftIndex() + 1;
            if (t.delete(key, idx)) {
                dc.commitIndex(idx);
            }
        });
        return this;
    }
}
