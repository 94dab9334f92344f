package io.graylane.gateway.proxy.internal;

import io.graylane.core.trust.Baggage;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;

import java.net.InetSocketAddress;
import java.util.HashMap;

/**
 * What one event loop owns: its upstream connection pool, the bootstrap that opens upstream
 * connections on this same loop (so an exchange's two channels never cross threads), and small
 * caches for the fast path. Used by its event loop only.
 */
final class LoopResources {

    private static final int BAGGAGE_CACHE_LIMIT = 256;

    private final UpstreamPool pool;
    private final H2UpstreamPool h2;
    private final Bootstrap bootstrap;
    private final HashMap<String, String> baggageMembers = new HashMap<>();
    private String baggageKey;

    LoopResources(EventLoop loop, Class<? extends Channel> channelType, ProxyOptions options, H2Options h2Options) {
        this.pool = new UpstreamPool(options.maxIdlePerUpstream());
        this.h2 = new H2UpstreamPool(loop, channelType, options, h2Options.maxStreamsPerUpstreamConnection(), pool);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(
                                new ClientCodec(ClientCodec.upstreamConfig()),
                                // Closes the connection when idle in the pool, by a timer of its own.
                                new UpstreamHandler(pool, options.upstreamIdleTimeoutNanos()));
                    }
                });
    }

    UpstreamPool pool() {
        return pool;
    }

    /** The h2c upstream connections of this loop. */
    H2UpstreamPool h2() {
        return h2;
    }

    /**
     * Opens a connection to {@code address:port} on this loop. An IP literal is used as it is; a host
     * name is resolved by the JDK, blocking this loop (discovery normally reports addresses).
     */
    ChannelFuture connect(String address, int port) {
        return bootstrap.connect(new InetSocketAddress(address, port));
    }

    /**
     * The baggage member {@code key=value} ({@code graylane.lane=canary}) for a request that brought no
     * baggage, cached per lane so the common case allocates nothing.
     */
    String baggageMember(String key, String value) {
        if (!key.equals(baggageKey)) {
            baggageMembers.clear();
            baggageKey = key;
        }
        String member = baggageMembers.get(value);
        if (member == null) {
            member = Baggage.withMember(null, key, value);
            if (baggageMembers.size() < BAGGAGE_CACHE_LIMIT) {
                baggageMembers.put(value, member);
            }
        }
        return member;
    }
}
