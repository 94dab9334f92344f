package io.graylane.gateway.proxy.internal;

import io.graylane.gateway.proxy.RequestObserver;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What every connection of one running gateway shares: the current snapshot (engine and middleware
 * chain, swapped atomically; each request reads it once), the options, the per-event-loop resources
 * and the set of open client connections for graceful shutdown. Thread-safe.
 */
public final class ProxyRuntime {

    private final SnapshotHolder snapshots;
    private final ProxyOptions options;
    private final H2Options h2Options;
    private final Map<EventExecutor, LoopResources> loops = new IdentityHashMap<>();
    private final ChannelGroup clients = new DefaultChannelGroup("graylane-clients", GlobalEventExecutor.INSTANCE);
    private final RequestObserver observer;
    private volatile boolean draining;

    /**
     * @param snapshots   the snapshots the gateway swaps
     * @param options     shared settings
     * @param group       the event loops that will serve connections
     * @param channelType the connection channel type of the group's transport
     */
    public ProxyRuntime(SnapshotHolder snapshots, ProxyOptions options, EventLoopGroup group,
                        Class<? extends Channel> channelType) {
        this(snapshots, options, H2Options.DEFAULT, group, channelType, null);
    }

    /**
     * @param snapshots   the snapshots the gateway swaps
     * @param options     shared settings
     * @param h2Options   the HTTP/2 limits
     * @param group       the event loops that will serve connections
     * @param channelType the connection channel type of the group's transport
     * @param observer    told about every request (request metrics), or {@code null} for nothing
     */
    public ProxyRuntime(SnapshotHolder snapshots, ProxyOptions options, H2Options h2Options, EventLoopGroup group,
                        Class<? extends Channel> channelType, RequestObserver observer) {
        this.observer = observer;
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.options = Objects.requireNonNull(options, "options");
        this.h2Options = Objects.requireNonNull(h2Options, "h2Options");
        for (EventExecutor executor : group) {
            loops.put(executor, new LoopResources((EventLoop) executor, channelType, options, h2Options));
        }
    }

    /** The initializer of every accepted client connection. */
    public ChannelInitializer<Channel> clientInitializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                clients.add(ch);
                ch.pipeline().addLast(
                        // Removes itself after the first bytes; replaces the rest for HTTP/2 (h2c prior knowledge).
                        new ProtocolDetector(ProxyRuntime.this),
                        new ServerCodec(options),
                        // Closes the connection when idle, by a timer of its own (no IdleStateHandler: see ClientConnection).
                        new ProxyHandler(ProxyRuntime.this, loops.get(ch.eventLoop()), peer(ch.remoteAddress()),
                                options.clientIdleTimeoutNanos()));
            }
        };
    }

    /** The resources of event loop {@code loop}. */
    LoopResources loop(EventLoop loop) {
        return loops.get(loop);
    }

    static InetAddress peer(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    /** The snapshot for a request arriving now, its chain (if any) acquired; see {@link SnapshotHolder#acquire()}. */
    ProxySnapshot acquire() {
        return snapshots.acquire();
    }

    ProxyOptions options() {
        return options;
    }

    /** What every request is told to, or {@code null}. */
    RequestObserver observer() {
        return observer;
    }

    H2Options h2Options() {
        return h2Options;
    }

    Instant now() {
        return options.clock().instant();
    }

    boolean draining() {
        return draining;
    }

    /**
     * Starts draining: every open connection closes as soon as it has no exchange in flight (idle
     * ones at once); exchanges in flight are answered with {@code Connection: close}.
     *
     * @return completes when every connection open now has closed
     */
    public ChannelGroupFuture drain() {
        draining = true;
        ChannelGroupFuture closed = clients.newCloseFuture();
        for (Channel ch : clients) {
            ch.eventLoop().execute(() -> {
                ProxyHandler handler = ch.pipeline().get(ProxyHandler.class);
                if (handler != null) {
                    handler.drain();
                }
                H2ServerConnection h2 = ch.pipeline().get(H2ServerConnection.class);
                if (h2 != null) {
                    h2.drain();
                }
            });
        }
        return closed;
    }

    /** Closes every client connection now. */
    public ChannelGroupFuture closeClients() {
        return clients.close();
    }

    /** Open client connections (for tests and metrics). */
    public int openConnections() {
        return clients.size();
    }
}
