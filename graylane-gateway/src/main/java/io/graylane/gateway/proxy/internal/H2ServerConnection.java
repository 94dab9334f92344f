package io.graylane.gateway.proxy.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * A client connection that spoke HTTP/2 (h2c with prior knowledge): the pipeline {@link #install}
 * builds in place of the HTTP/1 one, and its last handler, which closes the connection when idle
 * and drains it on graceful shutdown (GOAWAY, then close once the streams in flight are done).
 *
 * <p>Each stream is served like an HTTP/1 connection that carries one request: a child channel with
 * Netty's frame-to-{@code HttpObject} codec, an {@link H2ServerStream} that fits the messages to the
 * proxy, and its own {@link ProxyHandler} (same trust, lane, routing, middleware and upstream relay as
 * HTTP/1). Limits: {@code SETTINGS_MAX_HEADER_LIST_SIZE} is the gateway's {@code maxHeaderSize} (a
 * larger header list is answered 431 on its stream by the codec; far larger ends the connection),
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS} is {@link H2Options#maxConcurrentStreams()}, and the codec refuses
 * connection-specific headers and any {@code TE} but {@code trailers} (stream error). Used by its
 * event loop only.
 */
final class H2ServerConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(H2ServerConnection.class);

    private final Http2FrameCodec codec;
    private ChannelHandlerContext ctx;
    private boolean draining;

    private H2ServerConnection(Http2FrameCodec codec) {
        this.codec = codec;
    }

    /**
     * Replaces the HTTP/1 handlers of the connection whose {@link ProtocolDetector} is {@code detector}
     * with the HTTP/2 ones, right after it (the detector removes itself next; the bytes it holds,
     * the preface first, then go to the HTTP/2 codec).
     */
    static void install(ChannelHandlerContext detector, ProxyRuntime runtime) {
        ChannelPipeline p = detector.pipeline();
        Channel ch = detector.channel();
        p.remove(ServerCodec.class);
        p.remove(ProxyHandler.class); // and its idle timer
        ProxyOptions options = runtime.options();
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(runtime.h2Options().maxConcurrentStreams())
                        .maxHeaderListSize(options.maxHeaderSize()))
                .validateHeaders(true)
                // close() closes now (a forced shutdown); draining sends GOAWAY itself.
                .decoupleCloseAndGoAway(true)
                .build();
        LoopResources loop = runtime.loop(ch.eventLoop());
        InetAddress client = ProxyRuntime.peer(ch.remoteAddress());
        Http2MultiplexHandler streams = new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(
                        new Http2StreamFrameToHttpObjectCodec(true, true),
                        new H2ServerStream(),
                        new ProxyHandler(runtime, loop, client, 0));
            }
        });
        H2ServerConnection self = new H2ServerConnection(codec);
        String at = detector.name();
        // The idle timer sits next to the socket, so it sees every stream's reads and writes.
        p.addAfter(at, "graylane-h2-idle",
                new IdleStateHandler(0, 0, options.clientIdleTimeoutNanos(), TimeUnit.NANOSECONDS));
        p.addAfter("graylane-h2-idle", "graylane-h2-codec", codec);
        p.addAfter("graylane-h2-codec", "graylane-h2-streams", streams);
        p.addAfter("graylane-h2-streams", "graylane-h2-connection", self);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (draining) {
                    // After the stream has left the active set.
                    ctx.executor().execute(H2ServerConnection.this::closeIfQuiet);
                }
            }
        });
    }

    /** Graceful shutdown: no new streams (GOAWAY), close once the streams in flight are done. */
    void drain() {
        if (draining) {
            return;
        }
        draining = true;
        ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
        closeIfQuiet();
    }

    private void closeIfQuiet() {
        if (codec.connection().numActiveStreams() == 0 && ctx.channel().isActive()) {
            ctx.channel().close();
        }
    }

    /**
     * Flushes what streams wrote during the read: a stream that resumes reading while the connection
     * reads writes its WINDOW_UPDATE then, and Netty's multiplexer defers that stream's flush to the
     * end of the read, where it flushes only for streams that read something in it. Without this the
     * update could wait unsent while the peer waits for it. Nearly free when nothing is pending.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (codec.connection().numActiveStreams() == 0) {
                ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Connection-level frames (SETTINGS, PING, GOAWAY) the codec has handled already.
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP/2 client connection {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
