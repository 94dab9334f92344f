package io.graylane.gateway.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
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
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny upstream for tests, one instance of a service. By default it echoes what it received as
 * text lines ({@code instance: web-v2}, {@code method: GET}, {@code uri: /x},
 * {@code header: x-graylane-lane: canary}, {@code body-length}, {@code body-sha256}); a few paths
 * behave otherwise:
 * <ul>
 *   <li>{@code /.../big/N} streams N bytes of a known pattern back, chunked;</li>
 *   <li>{@code /.../stall} never answers;</li>
 *   <li>{@code /.../hold} answers when {@link #release()} is called;</li>
 *   <li>{@code /.../cut} sends headers and part of the body, then closes;</li>
 *   <li>{@code /.../hop} adds hop-by-hop response headers;</li>
 *   <li>a request with {@code X-Close} is answered with {@code Connection: close}, and any later
 *       request on that connection is dropped unanswered;</li>
 *   <li>a request with {@code X-Drop-Next} is answered normally, and any later request on that
 *       connection is dropped unanswered (the connection closes);</li>
 *   <li>{@code /.../status/NNN} echoes with status NNN, and {@link #respondWith(int)} makes every echo
 *       answer with a given status;</li>
 *   <li>{@code /.../delay/MS} echoes after MS milliseconds.</li>
 * </ul>
 * It counts connections and records every request it saw. Runs on NIO, loopback, port 0. Public so
 * that middleware tests can use it too.
 */
public final class TestUpstream implements AutoCloseable {

    private final String id;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedConnections = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch gate = new CountDownLatch(1);
    private volatile int forcedStatus;

    public TestUpstream(String id) {
        this.id = id;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        ch.closeFuture().addListener(f -> closedConnections.incrementAndGet());
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024 * 1024),
                                new Echo());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    public int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    public String id() {
        return id;
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Request lines ({@code GET /x}) received so far, in order. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    /** Connections closed so far (by either side). */
    public int closedConnections() {
        return closedConnections.get();
    }

    /** Requests received so far. */
    public int hits() {
        return seen.size();
    }

    /** Makes every echo answer with {@code status} from now on; 0 goes back to 200. */
    public void respondWith(int status) {
        forcedStatus = status;
    }

    /** Lets every held request ({@code /hold}) be answered, now and later, until {@link #hold()}. */
    public void release() {
        gate.countDown();
    }

    /** Makes {@code /hold} requests wait again. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return b;
    }

    static String sha256(byte[] data, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, offset, length);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private final class Echo extends SimpleChannelInboundHandler<FullHttpRequest> {
        private boolean dropFurther;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String uri = req.uri();
            seen.add(req.method() + " " + uri);
            if (dropFurther) {
                ctx.close(); // whoever sends more on this connection gets no answer
                return;
            }
            if (req.headers().contains("X-Drop-Next")) {
                dropFurther = true; // like a server closing an idle keep-alive connection as a request comes in
            }
            String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
            // X-Close: the upstream says Connection: close, as servers at their limit do, but keeps the
            // socket open; a proxy that reuses the connection anyway gets no answer.
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (req.headers().contains("X-Close")) {
                FullHttpResponse response = echo(req);
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
                dropFurther = true;
                ctx.writeAndFlush(response);
                return;
            }
            if (path.endsWith("/stall")) {
                return;
            }
            if (path.endsWith("/hold")) {
                CountDownLatch g = gate;
                FullHttpResponse response = echo(req);
                Thread t = new Thread(() -> {
                    try {
                        g.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ctx.writeAndFlush(response);
                });
                t.setDaemon(true);
                t.start();
                return;
            }
            int delay = path.lastIndexOf("/delay/");
            if (delay >= 0) {
                FullHttpResponse response = echo(req);
                ctx.executor().schedule(() -> ctx.writeAndFlush(response),
                        Long.parseLong(path.substring(delay + 7)), java.util.concurrent.TimeUnit.MILLISECONDS);
                return;
            }
            int big = path.lastIndexOf("/big/");
            if (big >= 0) {
                int size = Integer.parseInt(path.substring(big + 5));
                streamPattern(ctx, size, keepAlive, req.method().equals(io.netty.handler.codec.http.HttpMethod.HEAD));
                return;
            }
            if (path.endsWith("/cut")) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 1000);
                ctx.write(head);
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[100])))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            FullHttpResponse response = echo(req);
            if (path.endsWith("/hop")) {
                response.headers().add("Connection", "X-Upstream-Private")
                        .add("X-Upstream-Private", "secret")
                        .add("Keep-Alive", "timeout=5")
                        .add("Upgrade", "h2c")
                        .add("Trailer", "X-Checksum")
                        .add("Proxy-Connection", "keep-alive")
                        .add("X-Upstream-Public", "visible");
            }
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(response);
            }
        }

        private FullHttpResponse echo(FullHttpRequest req) {
            StringBuilder sb = new StringBuilder();
            sb.append("instance: ").append(id).append('\n');
            sb.append("method: ").append(req.method()).append('\n');
            sb.append("uri: ").append(req.uri()).append('\n');
            for (Map.Entry<String, String> e : req.headers()) {
                sb.append("header: ").append(e.getKey().toLowerCase(java.util.Locale.ROOT)).append(": ")
                        .append(e.getValue()).append('\n');
            }
            ByteBuf content = req.content();
            byte[] body = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), body);
            sb.append("body-length: ").append(body.length).append('\n');
            sb.append("body-sha256: ").append(sha256(body, 0, body.length)).append('\n');
            String path = req.uri().contains("?") ? req.uri().substring(0, req.uri().indexOf('?')) : req.uri();
            int statusAt = path.lastIndexOf("/status/");
            int code = statusAt >= 0 ? Integer.parseInt(path.substring(statusAt + 8)) : forcedStatus;
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    code == 0 ? HttpResponseStatus.OK : HttpResponseStatus.valueOf(code),
                    Unpooled.copiedBuffer(sb, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set("X-Instance", id);
            return response;
        }

        private void streamPattern(ChannelHandlerContext ctx, int size, boolean keepAlive, boolean head) {
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setTransferEncodingChunked(response, true);
            response.headers().set("X-Instance", id);
            ctx.write(response);
            byte[] all = pattern(size);
            for (int off = 0; !head && off < size; off += 64 * 1024) {
                int n = Math.min(64 * 1024, size - off);
                ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(all, off, n)));
            }
            var f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
