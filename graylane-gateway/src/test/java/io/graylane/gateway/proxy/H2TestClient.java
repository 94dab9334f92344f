package io.graylane.gateway.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An h2c (prior knowledge) test client on Netty's HTTP/2 frame codec: one connection, a stream per
 * request, and every frame each stream received kept in order so tests can see the frames themselves
 * (a trailing HEADERS frame, END_STREAM on DATA, a RST_STREAM).
 */
final class H2TestClient implements AutoCloseable {

    /** A frame a stream received: HEADERS (with its headers) or DATA (with its bytes as text). */
    record Frame(boolean headers, Http2Headers headerBlock, String data, boolean endStream) {
        @Override
        public String toString() {
            return (headers ? "HEADERS" + headerBlock : "DATA(" + data.length() + " bytes)") + (endStream ? " END_STREAM" : "");
        }
    }

    /** What one stream received, complete once it ended (END_STREAM, RST_STREAM or the connection closed). */
    static final class Exchange {
        final List<Frame> frames = new ArrayList<>();
        volatile Long resetCode;
        final CompletableFuture<Exchange> done = new CompletableFuture<>();

        Http2Headers head() {
            return frames.stream().filter(Frame::headers).findFirst().orElseThrow(
                    () -> new AssertionError("no HEADERS frame; frames " + frames + ", reset " + resetCode)).headerBlock();
        }

        String status() {
            return head().status().toString();
        }

        String header(String name) {
            CharSequence v = head().get(name);
            return v == null ? null : v.toString();
        }

        String body() {
            StringBuilder sb = new StringBuilder();
            frames.stream().filter(f -> !f.headers()).forEach(f -> sb.append(f.data()));
            return sb.toString();
        }

        /** The trailing HEADERS frame's headers, or {@code null} when the response had none. */
        Http2Headers trailers() {
            List<Frame> h = frames.stream().filter(Frame::headers).toList();
            return h.size() > 1 ? h.get(h.size() - 1).headerBlock() : null;
        }

        @Override
        public String toString() {
            return frames + (resetCode != null ? " RST_STREAM(" + resetCode + ")" : "");
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    volatile Long goAwayCode;
    /** The gateway's SETTINGS, once they arrived. */
    volatile Http2Settings serverSettings;

    H2TestClient(int port) {
        this.channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(
                                Http2FrameCodecBuilder.forClient()
                                        .initialSettings(Http2Settings.defaultSettings().pushEnabled(false))
                                        // Tests send what a hostile client would.
                                        .validateHeaders(false)
                                        .encoderIgnoreMaxHeaderListSize(true)
                                        .build(),
                                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                    @Override
                                    protected void initChannel(Http2StreamChannel ch) {
                                        ch.close();
                                    }
                                }),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof Http2GoAwayFrame g) {
                                            goAwayCode = g.errorCode();
                                        } else if (msg instanceof Http2SettingsFrame s) {
                                            serverSettings = s.settings();
                                        }
                                        ReferenceCountUtil.release(msg);
                                    }
                                });
                    }
                })
                .connect("127.0.0.1", port).syncUninterruptibly().channel();
    }

    /** Request headers for {@code method path} with {@code :authority test}, plus name/value pairs. */
    static Http2Headers request(String method, String path, String... nameValues) {
        Http2Headers h = new DefaultHttp2Headers(false).method(method).path(path).scheme("http").authority("test");
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    /** Sends a request on a new stream: HEADERS, then DATA if {@code body} is not null, then trailers if any. */
    CompletableFuture<Exchange> send(Http2Headers headers, String body, Map<String, String> trailers) {
        Exchange ex = new Exchange();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof Http2HeadersFrame h) {
                            ex.frames.add(new Frame(true, h.headers(), null, h.isEndStream()));
                            if (h.isEndStream()) {
                                ex.done.complete(ex);
                            }
                        } else if (msg instanceof Http2DataFrame d) {
                            ex.frames.add(new Frame(false, null, d.content().toString(StandardCharsets.UTF_8), d.isEndStream()));
                            if (d.isEndStream()) {
                                ex.done.complete(ex);
                            }
                        }
                        ReferenceCountUtil.release(msg);
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof Http2ResetFrame r) {
                            ex.resetCode = r.errorCode();
                            ex.done.complete(ex);
                        }
                        ReferenceCountUtil.release(evt);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        ex.done.complete(ex);
                    }
                })
                .open().syncUninterruptibly().getNow();
        boolean hasTrailers = trailers != null && !trailers.isEmpty();
        stream.write(new DefaultHttp2HeadersFrame(headers, body == null && !hasTrailers));
        if (body != null) {
            stream.write(new DefaultHttp2DataFrame(
                    Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)), !hasTrailers));
        }
        if (hasTrailers) {
            Http2Headers t = new DefaultHttp2Headers(false);
            trailers.forEach(t::add);
            stream.write(new DefaultHttp2HeadersFrame(t, true));
        }
        stream.flush();
        return ex.done;
    }

    /** {@link #send} and wait up to 10 s. */
    Exchange exchange(Http2Headers headers, String body, Map<String, String> trailers) {
        return send(headers, body, trailers).orTimeout(10, TimeUnit.SECONDS).join();
    }

    Exchange get(String path, String... nameValues) {
        return exchange(request("GET", path, nameValues), null, null);
    }

    boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
