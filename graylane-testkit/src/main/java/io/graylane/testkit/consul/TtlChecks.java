package io.graylane.testkit.consul;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * TTL timers of the agent's checks: a check not refreshed within its TTL turns critical with Consul's
 * output ({@code TTL expired}). Arm and disarm are called with the store lock held; a timer that fires
 * after being re-armed does nothing (each arm gets a fresh token). Thread-safe.
 */
final class TtlChecks implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final Map<CheckRecord.Key, Object> tokens = new HashMap<>();
    private final Map<CheckRecord.Key, ScheduledFuture<?>> pending = new HashMap<>();
    private Store store;
    private Datacenter datacenter;

    TtlChecks() {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consul-sim-ttl");
            t.setDaemon(true);
            return t;
        });
    }

    void bind(Store store, Datacenter agentDatacenter) {
        this.store = store;
        this.datacenter = agentDatacenter;
    }

    /** (Re)starts the TTL clock of a check. Call with the store lock held. */
    void arm(CheckRecord.Key key, Duration ttl) {
        disarm(key);
        Object token = new Object();
        tokens.put(key, token);
        pending.put(key, timer.schedule(() -> expire(key, token), ttl.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Stops a check's clock (deregistered). Call with the store lock held. */
    void disarm(CheckRecord.Key key) {
        tokens.remove(key);
        ScheduledFuture<?> f = pending.remove(key);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void expire(CheckRecord.Key key, Object token) {
        store.write(() -> {
            if (tokens.get(key) != token) {
                return;
            }
            tokens.remove(key);
            pending.remove(key);
            CheckRecord c = datacenter.catalog().check(key);
            if (c != null) {
                String output = c.output().isEmpty() ? "TTL expired"
                        : "TTL expired (last output before timeout follows): " + c.output();
                datacenter.catalog().upsertCheck(c.withStatus(CheckRecord.CRITICAL, output));
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
