package io.graylane.gateway.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An h2c (prior knowledge) test upstream, one instance of a service. It echoes each request as text
 * lines ({@code instance: h2-v1}, {@code method: POST}, {@code path: /x}, {@code header: te: trailers},
 * {@code body: …}, {@code trailer: x-sum: 7}) with no trailers, except:
 * <ul>
 *   <li>a path ending in {@code /grpc-ok}: an {@code application/grpc} response whose body is the
 *       request body, ending with trailers {@code grpc-status: 0}, {@code grpc-message: OK};</li>
 *   <li>a path ending in {@code /grpc-fail}: a trailers-only response (one HEADERS frame with
 *       END_STREAM, {@code grpc-status: 5});</li>
 *   <li>a path ending in {@code /reset}: RST_STREAM instead of a response;</li>
 *   <li>a path ending in {@code /slow}: the echo, 300 ms late;</li>
 *   <li>a HEAD request: one HEADERS frame with END_STREAM and {@code content-length: 42}.</li>
 * </ul>
 * It answers once the request has ended, counts connections and keeps every request's headers.
 * Public so that the Consul tests can use it too.
 */
public final class H2TestUpstream implements AutoCloseable {

    private final String id;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger closedConnections = new AtomicInteger();
    public final ConcurrentLinkedQueue<Http2Headers> seen = new ConcurrentLinkedQueue<>();

    public H2TestUpstream(String id) {
        this(id, Integer.MAX_VALUE);
    }

    /** An upstream whose SETTINGS allow {@code maxConcurrentStreams} streams per connection. */
    public H2TestUpstream(String id, long maxConcurrentStreams) {
        this.id = id;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        ch.closeFuture().addListener(f -> closedConnections.incrementAndGet());
                        ch.pipeline().addLast(
                                Http2FrameCodecBuilder.forServer()
                                        .initialSettings(Http2Settings.defaultSettings()
                                                .maxConcurrentStreams(maxConcurrentStreams))
                                        .build(),
                                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                    @Override
                                    protected void initChannel(Http2StreamChannel stream) {
                                        stream.pipeline().addLast(new StreamHandler());
                                    }
                                }));
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    public int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    /** Collects one request's frames, then answers. */
    private final class StreamHandler extends ChannelInboundHandlerAdapter {
        private Http2Headers request;
        private Http2Headers trailers;
        private final StringBuilder body = new StringBuilder();
        private boolean late;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean end = false;
            if (msg instanceof Http2HeadersFrame h) {
                if (request == null) {
                    request = h.headers();
                    seen.add(request);
                } else {
                    trailers = h.headers();
                }
                end = h.isEndStream();
            } else if (msg instanceof Http2DataFrame d) {
                body.append(d.content().toString(StandardCharsets.UTF_8));
                end = d.isEndStream();
            }
            ReferenceCountUtil.release(msg);
            if (end) {
                respond(ctx);
            }
        }

        private void respond(ChannelHandlerContext ctx) {
            String path = request.path().toString();
            if (path.endsWith("/reset")) {
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
                return;
            }
            if (path.endsWith("/slow") && !late) {
                late = true;
                ctx.executor().schedule(() -> respond(ctx), 300, TimeUnit.MILLISECONDS);
                return;
            }
            if ("HEAD".contentEquals(request.method())) {
                ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                        .add("content-type", "text/plain").add("content-length", "42").add("x-instance", id), true));
                return;
            }
            if (path.endsWith("/grpc-fail")) {
                ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                        .add("content-type", "application/grpc").add("x-instance", id)
                        .add("grpc-status", "5").add("grpc-message", "no such thing"), true));
                return;
            }
            if (path.endsWith("/grpc-ok")) {
                ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                        .add("content-type", "application/grpc").add("x-instance", id), false));
                ctx.write(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), false));
                ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers()
                        .add("grpc-status", "0").add("grpc-message", "OK"), true));
                return;
            }
            StringBuilder text = new StringBuilder();
            text.append("instance: ").append(id).append('\n')
                    .append("method: ").append(request.method()).append('\n')
                    .append("path: ").append(path).append('\n')
                    .append("authority: ").append(request.authority()).append('\n');
            for (Map.Entry<CharSequence, CharSequence> e : request) {
                if (e.getKey().charAt(0) != ':') {
                    text.append("header: ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
                }
            }
            text.append("body: ").append(body).append('\n');
            if (trailers != null) {
                for (Map.Entry<CharSequence, CharSequence> e : trailers) {
                    text.append("trailer: ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
                }
            }
            ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                    .add("content-type", "text/plain").add("x-instance", id), false));
            ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), true));
        }
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
