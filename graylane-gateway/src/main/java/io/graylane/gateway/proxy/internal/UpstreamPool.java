package io.graylane.gateway.proxy.internal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Idle keep-alive upstream connections of one event loop, by upstream address and port. Every
 * connection here lives on that loop, so a request takes one without any hand-off between threads;
 * the last connection returned is the first taken (it is the least likely to have been closed by the
 * upstream). At most {@code maxIdle} idle connections are kept per address and port. Looking one up
 * allocates nothing. Used by its event loop only.
 */
final class UpstreamPool {

    private final HashMap<String, Ports> byAddress = new HashMap<>();
    private final int maxIdle;

    UpstreamPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** An idle, open connection to {@code address:port} taken out of the pool, or {@code null}. */
    UpstreamHandler acquire(String address, int port) {
        Ports ports = byAddress.get(address);
        ArrayDeque<UpstreamHandler> idle = ports == null ? null : ports.find(port);
        if (idle == null) {
            return null;
        }
        UpstreamHandler h;
        while ((h = idle.pollLast()) != null) {
            h.pooled = false;
            if (h.channel().isActive()) {
                return h;
            }
        }
        return null;
    }

    /** Puts an idle connection back; {@code false} when the pool for its address is full (close it then). */
    boolean release(UpstreamHandler h) {
        if (maxIdle == 0 || h.stream) {
            return false;
        }
        ArrayDeque<UpstreamHandler> idle = byAddress.computeIfAbsent(h.address(), a -> new Ports()).findOrAdd(h.port());
        if (idle.size() >= maxIdle) {
            return false;
        }
        h.pooled = true;
        idle.addLast(h);
        return true;
    }

    /** Forgets an idle connection that closed. */
    void remove(UpstreamHandler h) {
        Ports ports = byAddress.get(h.address());
        ArrayDeque<UpstreamHandler> idle = ports == null ? null : ports.find(h.port());
        if (idle != null) {
            idle.remove(h);
        }
        h.pooled = false;
    }

    /** Idle connections to {@code address:port} (for tests and metrics). */
    int idleCount(String address, int port) {
        Ports ports = byAddress.get(address);
        ArrayDeque<UpstreamHandler> idle = ports == null ? null : ports.find(port);
        return idle == null ? 0 : idle.size();
    }

    /** The ports of one address: few, so a linear scan over an array beats boxing a port key. */
    private static final class Ports {
        private int[] ports = new int[0];
        @SuppressWarnings({"unchecked", "rawtypes"})
        private ArrayDeque<UpstreamHandler>[] idle = new ArrayDeque[0];

        ArrayDeque<UpstreamHandler> find(int port) {
            int[] p = ports;
            for (int i = 0; i < p.length; i++) {
                if (p[i] == port) {
                    return idle[i];
                }
            }
            return null;
        }

        ArrayDeque<UpstreamHandler> findOrAdd(int port) {
            ArrayDeque<UpstreamHandler> found = find(port);
            if (found != null) {
                return found;
            }
            int n = ports.length;
            ports = Arrays.copyOf(ports, n + 1);
            idle = Arrays.copyOf(idle, n + 1);
            ports[n] = port;
            idle[n] = new ArrayDeque<>();
            return idle[n];
        }
    }
}
