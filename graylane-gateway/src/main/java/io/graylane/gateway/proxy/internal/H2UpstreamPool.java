package io.graylane.gateway.proxy.internal;

import io.graylane.core.model.Instance;
import io.graylane.core.model.UpstreamProtocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * The h2c (HTTP/2 with prior knowledge) upstream connections of one event loop, by upstream address
 * and port. A request to an instance labelled {@code graylane-protocol=h2c} gets a new stream on the
 * first open connection with room for it — at most {@link H2Options#maxStreamsPerUpstreamConnection()}, fewer when
 * the upstream's {@code SETTINGS_MAX_CONCURRENT_STREAMS} says so — or on a new connection when none
 * has. A connection still opening takes streams too, so a burst opens one connection rather than
 * one per request. The stream channel carries the HTTP/1-shaped messages the relay speaks (through
 * {@link H2UpstreamStream}) and ends with an {@link UpstreamHandler}, so the relay treats a stream like
 * a connection that is never pooled. A connection closes after the upstream idle timeout without
 * streams, and takes no new streams after the upstream's GOAWAY. Used by its event loop only.
 */
final class H2UpstreamPool {

    /** Told once when a stream opened or could not be. */
    interface Opened {
        /**
         * @param stream the stream's handler, or {@code null} when it could not be opened
         * @param cause  why not, when {@code stream} is null
         * @param reused whether the stream went on a connection that was open already
         */
        void streamOpened(UpstreamHandler stream, Throwable cause, boolean reused);
    }

    private final Bootstrap bootstrap;
    private final UpstreamPool h1Pool;
    private final HashMap<String, ArrayList<H2UpstreamConnection>> byAuthority = new HashMap<>();

    H2UpstreamPool(EventLoop loop, Class<? extends Channel> channelType, ProxyOptions options, int maxStreams,
                   UpstreamPool h1Pool) {
        this.h1Pool = h1Pool;
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Http2FrameCodec codec = Http2FrameCodecBuilder.forClient()
                                .initialSettings(Http2Settings.defaultSettings()
                                        .pushEnabled(false)
                                        .maxHeaderListSize(ProxyOptions.MAX_RESPONSE_HEADER_SIZE))
                                .validateHeaders(true)
                                // Streams past the upstream's limit wait for room instead of failing.
                                .encoderEnforceMaxConcurrentStreams(true)
                                .build();
                        ch.pipeline().addLast(
                                new IdleStateHandler(0, 0, options.upstreamIdleTimeoutNanos(), TimeUnit.NANOSECONDS),
                                codec,
                                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                    @Override
                                    protected void initChannel(Http2StreamChannel pushed) {
                                        pushed.close(); // push is disabled; refuse anything the upstream starts
                                    }
                                }),
                                new H2UpstreamConnection(codec, options.connectTimeoutMillis(), maxStreams));
                    }
                });
    }

    /** Whether {@code instance} is to be spoken to in h2c: its {@code graylane-protocol} label says {@code h2c}. */
    static boolean isH2c(Instance instance) {
        String protocol = instance.label(UpstreamProtocol.LABEL);
        // As UpstreamProtocol.of, without its allocations: this runs for every stream.
        return protocol != null && protocol.strip().equalsIgnoreCase(UpstreamProtocol.H2C.label());
    }

    /** Opens a stream to {@code address:port}; {@code then} is told, now or later on this loop. */
    void open(String address, int port, Opened then) {
        String key = address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
        ArrayList<H2UpstreamConnection> connections = byAuthority.get(key);
        if (connections != null) {
            for (int i = 0, n = connections.size(); i < n; i++) {
                H2UpstreamConnection c = connections.get(i);
                if (c.hasRoom()) {
                    take(c, address, port, then);
                    return;
                }
            }
        } else {
            connections = new ArrayList<>(2);
            byAuthority.put(key, connections);
        }
        ChannelFuture connecting = bootstrap.connect(new InetSocketAddress(address, port));
        H2UpstreamConnection c = connecting.channel().pipeline().get(H2UpstreamConnection.class);
        if (c == null) {
            // Registration failed before the initializer ran.
            then.streamOpened(null, connecting.cause(), false);
            return;
        }
        ArrayList<H2UpstreamConnection> list = connections;
        list.add(c);
        c.channel().closeFuture().addListener(f -> {
            list.remove(c);
            if (list.isEmpty() && byAuthority.get(key) == list) {
                byAuthority.remove(key);
            }
        });
        c.connecting(connecting);
        take(c, address, port, then);
    }

    private void take(H2UpstreamConnection c, String address, int port, Opened then) {
        c.reserve();
        boolean reused = c.isOpen();
        c.whenOpen(cause -> {
            if (cause != null) {
                c.unreserve();
                then.streamOpened(null, cause, false);
                return;
            }
            Http2StreamChannelBootstrap streams = new Http2StreamChannelBootstrap(c.channel())
                    .handler(new ChannelInitializer<Http2StreamChannel>() {
                        @Override
                        protected void initChannel(Http2StreamChannel stream) {
                            stream.pipeline().addLast(
                                    new Http2StreamFrameToHttpObjectCodec(false, true),
                                    new H2UpstreamStream(),
                                    new UpstreamHandler(h1Pool, true));
                        }
                    });
            streams.open().addListener((GenericFutureListener<Future<Http2StreamChannel>>) f -> {
                if (!f.isSuccess()) {
                    c.unreserve();
                    then.streamOpened(null, f.cause(), reused);
                    return;
                }
                Http2StreamChannel stream = f.getNow();
                stream.closeFuture().addListener(closed -> c.unreserve());
                UpstreamHandler h = stream.pipeline().get(UpstreamHandler.class);
                h.init(address, port);
                then.streamOpened(h, null, reused);
            });
        });
    }
}
