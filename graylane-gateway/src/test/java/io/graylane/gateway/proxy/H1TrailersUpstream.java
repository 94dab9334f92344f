package io.graylane.gateway.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 test upstream that sees and sends trailers. It echoes each request as text lines
 * ({@code instance: h1-v1}, {@code method}, {@code uri}, {@code header: name: value},
 * {@code body: …}, {@code trailer: name: value}) with a {@code Content-Length}; a path ending in
 * {@code /trailers} gets the same text chunked, ending with trailers {@code x-checksum: 1234} and
 * {@code grpc-status: 0}; a path ending in {@code /slow} is answered 300 ms after it arrived
 * ({@link #slowArrived} counts down on arrival).
 */
final class H1TrailersUpstream implements AutoCloseable {

    private final String id;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    final CountDownLatch slowArrived = new CountDownLatch(1);

    H1TrailersUpstream(String id) {
        this.id = id;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest r) {
                                        respond(ctx, r);
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest r) {
        if (r.uri().endsWith("/slow")) {
            slowArrived.countDown();
            FullHttpRequest kept = r.retain();
            ctx.executor().schedule(() -> {
                try {
                    answer(ctx, kept);
                } finally {
                    kept.release();
                }
            }, 300, TimeUnit.MILLISECONDS);
            return;
        }
        answer(ctx, r);
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest r) {
        StringBuilder text = new StringBuilder();
        text.append("instance: ").append(id).append('\n')
                .append("method: ").append(r.method()).append('\n')
                .append("uri: ").append(r.uri()).append('\n');
        for (Map.Entry<String, String> e : r.headers()) {
            text.append("header: ").append(e.getKey().toLowerCase()).append(": ").append(e.getValue()).append('\n');
        }
        text.append("body: ").append(r.content().toString(StandardCharsets.UTF_8)).append('\n');
        for (Map.Entry<String, String> e : r.trailingHeaders()) {
            text.append("trailer: ").append(e.getKey().toLowerCase()).append(": ").append(e.getValue()).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (r.uri().endsWith("/trailers")) {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/plain").set("x-instance", id);
            ctx.write(head);
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
            LastHttpContent last = new DefaultLastHttpContent();
            last.trailingHeaders().set("x-checksum", "1234").set("grpc-status", "0");
            ctx.writeAndFlush(last);
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain").set("x-instance", id)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        ctx.writeAndFlush(res);
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
