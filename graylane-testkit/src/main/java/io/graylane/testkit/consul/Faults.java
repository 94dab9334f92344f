package io.graylane.testkit.consul;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for one simulator. Every setting takes effect for the requests that arrive after it
 * (a blocking query already waiting notices {@link #stallPastWait}, {@link #outage} and {@link #clear}).
 * Calls chain; all methods are thread-safe.
 *
 * <pre>{@code
 * sim.faults().latency(Duration.ofMillis(200)).failNext(2, 503);
 * sim.faults().outage();   // connection refused
 * sim.faults().recover();  // same port, same data
 * }</pre>
 */
public final class Faults {

    /** What the server calls to stop and restart its listener. */
    interface Listener {
        void outage();

        void recover();
    }

    private final Store store;
    private volatile Listener listener;
    private volatile Duration latency = Duration.ZERO;
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failNextStatus;
    private volatile int failAllStatus;
    private volatile boolean resetConnections;
    private volatile boolean stallPastWait;
    private volatile boolean knownLeader = true;
    private volatile long leaderLostAtNanos;

    Faults(Store store) {
        this.store = store;
    }

    void attach(Listener listener) {
        this.listener = listener;
    }

    /** Adds {@code delay} before every answer (also before faulted answers). */
    public Faults latency(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
        }
        latency = delay;
        return this;
    }

    /** The next {@code count} requests answer {@code status} with a Consul-like text body. */
    public Faults failNext(int count, int status) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
        checkStatus(status);
        failNextStatus = status;
        failNext.set(count);
        return this;
    }

    /** Every request answers {@code status} until {@link #stopFailing()} or {@link #clear()}. */
    public Faults failAll(int status) {
        checkStatus(status);
        failAllStatus = status;
        return this;
    }

    public Faults stopFailing() {
        failAllStatus = 0;
        failNext.set(0);
        return this;
    }

    /** While on, every request's connection is closed without any HTTP response (an EOF to the client). */
    public Faults resetConnections(boolean on) {
        resetConnections = on;
        return this;
    }

    /** While on, blocking queries ({@code index > 0}) neither return on changes nor at their wait time. */
    public Faults stallPastWait(boolean on) {
        stallPastWait = on;
        store.signalAll();
        return this;
    }

    /**
     * Snapshot restore: the raft index and every object's indexes go backwards (renumbered into
     * {@code 1..index/2}, order kept) in every datacenter; data is kept. Waiters holding a higher index
     * keep blocking until their wait ends, as with a real Consul.
     */
    public Faults rewindIndex() {
        store.write(() -> store.datacenters().forEach(Datacenter::rewind));
        return this;
    }

    /**
     * Whether the cluster has a leader. Without one, default and {@code ?consistent} reads and all raft
     * writes answer 500 {@code No cluster leader}; {@code ?stale} reads still answer, with
     * {@code X-Consul-KnownLeader: false}. Agent-local endpoints are unaffected.
     */
    public Faults knownLeader(boolean known) {
        if (knownLeader && !known) {
            leaderLostAtNanos = System.nanoTime();
        }
        knownLeader = known;
        return this;
    }

    /** Full outage: the listener closes (connection refused) and open connections are dropped. */
    public Faults outage() {
        requireListener().outage();
        return this;
    }

    /** Serves again on the same port with the same data. */
    public Faults recover() {
        requireListener().recover();
        return this;
    }

    /** Back to a healthy simulator: no latency, failures, resets or stall, a known leader, and serving. */
    public Faults clear() {
        latency = Duration.ZERO;
        stopFailing();
        resetConnections = false;
        knownLeader = true;
        stallPastWait(false);
        Listener l = listener;
        if (l != null) {
            l.recover();
        }
        return this;
    }

    // ---- read by the server ----

    Duration currentLatency() {
        return latency;
    }

    boolean resetting() {
        return resetConnections;
    }

    boolean stalled() {
        return stallPastWait;
    }

    boolean leaderKnown() {
        return knownLeader;
    }

    /** Milliseconds since the leader was lost (0 while there is one), for {@code X-Consul-LastContact}. */
    long lastContactMillis() {
        return knownLeader ? 0 : Math.max(0, (System.nanoTime() - leaderLostAtNanos) / 1_000_000);
    }

    /** The status a request must fail with, or 0; consumes one of {@link #failNext}'s requests. */
    int takeFailure() {
        int all = failAllStatus;
        if (all != 0) {
            return all;
        }
        while (true) {
            int left = failNext.get();
            if (left <= 0) {
                return 0;
            }
            if (failNext.compareAndSet(left, left - 1)) {
                return failNextStatus;
            }
        }
    }

    /** The body Consul (or the proxy in front of it) would send with such a status. */
    static String failureText(int status) {
        return switch (status) {
            case 429 -> "Your IP is issuing too many concurrent connections, please rate limit your calls\n";
            case 500 -> "rpc error making call: EOF";
            case 502 -> "Bad Gateway";
            case 503 -> "rpc error making call: rate limit exceeded, try again later";
            case 504 -> "rpc error making call: i/o timeout";
            default -> "Unexpected error (status " + status + ", injected by consul-sim)";
        };
    }

    private static void checkStatus(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 400-599)");
        }
    }

    private Listener requireListener() {
        Listener l = listener;
        if (l == null) {
            throw new IllegalStateException("faults: simulator not started");
        }
        return l;
    }
}
