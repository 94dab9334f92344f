package io.graylane.gateway.proxy.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * Fits the messages of one HTTP/2 stream (as Netty's {@code Http2StreamFrameToHttpObjectCodec} makes
 * and takes them) to the proxy, which relays a head, body pieces and a last piece:
 * <ul>
 * <li>in: a complete message (HEADERS with END_STREAM) becomes a head and its last piece, and the
 *     codec's {@code x-http2-*} headers are removed (they are no one's to forward);</li>
 * <li>out: a head followed, before any flush, by an empty last piece without trailers is written as
 *     one complete message, so it leaves as a single HEADERS frame with END_STREAM. That keeps a gRPC
 *     trailers-only response what it was, and a bodiless message needs no empty DATA frame. A last
 *     piece with trailers becomes DATA (if it has bytes) and a trailing HEADERS frame with END_STREAM;
 *     one without trailers ends with END_STREAM on its DATA frame: never an empty trailing HEADERS.</li>
 * </ul>
 * One per stream channel; used by its event loop only.
 */
abstract class H2StreamAdapter extends ChannelDuplexHandler {

    private HttpMessage heldHead;
    private ChannelPromise heldPromise;

    /** A head about to be written (once). */
    void beforeWrite(HttpMessage head) {
    }

    /** A head was written (its frame is made: the codec encodes as it is written). */
    void afterWrite(HttpMessage head) {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FullHttpMessage whole) {
            writeHeld(ctx);
            writeHead(ctx, whole, promise);
            return;
        }
        if (msg instanceof HttpMessage head) {
            writeHeld(ctx);
            heldHead = head;
            heldPromise = promise;
            return;
        }
        if (heldHead != null) {
            HttpMessage head = heldHead;
            ChannelPromise headPromise = heldPromise;
            heldHead = null;
            heldPromise = null;
            if (msg instanceof LastHttpContent last && !last.content().isReadable()
                    && last.trailingHeaders().isEmpty()) {
                last.release();
                if (!headPromise.isVoid()) {
                    promise = promise.unvoid();
                    promise.addListener(f -> {
                        if (f.isSuccess()) {
                            headPromise.trySuccess();
                        } else {
                            headPromise.tryFailure(f.cause());
                        }
                    });
                }
                writeHead(ctx, complete(head), promise);
                return;
            }
            writeHead(ctx, head, headPromise);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeHeld(ctx);
        ctx.flush();
    }

    /**
     * Reading resumes (the relay paused it for backpressure): Netty's stream channel writes the
     * WINDOW_UPDATE for what was read meanwhile, but flushes it only when no read request was pending,
     * and one usually is. Unflushed, the peer waits for window and the stream stalls, so flush here; a
     * flush with nothing written costs a field check.
     */
    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        writeHeld(ctx);
        ctx.close(promise);
    }

    private void writeHeld(ChannelHandlerContext ctx) {
        if (heldHead != null) {
            HttpMessage head = heldHead;
            heldHead = null;
            writeHead(ctx, head, heldPromise);
            heldPromise = null;
        }
    }

    private void writeHead(ChannelHandlerContext ctx, HttpMessage head, ChannelPromise promise) {
        beforeWrite(head);
        ctx.write(head, promise);
        afterWrite(head);
    }

    /** {@code head} as a complete message without body or trailers, sharing its headers. */
    private static FullHttpMessage complete(HttpMessage head) {
        if (head instanceof HttpRequest r) {
            return new DefaultFullHttpRequest(r.protocolVersion(), r.method(), r.uri(), Unpooled.EMPTY_BUFFER,
                    r.headers(), EmptyHttpHeaders.INSTANCE);
        }
        HttpResponse r = (HttpResponse) head;
        return new DefaultFullHttpResponse(r.protocolVersion(), r.status(), Unpooled.EMPTY_BUFFER, r.headers(),
                EmptyHttpHeaders.INSTANCE);
    }

    /**
     * Passes a decoded message on, a complete one as its head and last piece, without the codec's
     * extension headers.
     */
    static void fireSplit(ChannelHandlerContext ctx, HttpMessage msg) {
        HttpHeaders headers = msg.headers();
        headers.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
        headers.remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text());
        headers.remove(HttpConversionUtil.ExtensionHeaderNames.PATH.text());
        if (!(msg instanceof FullHttpMessage full)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HttpMessage head;
        if (full instanceof FullHttpRequest r) {
            head = new DefaultHttpRequest(r.protocolVersion(), r.method(), r.uri(), headers);
        } else {
            HttpResponse r = (HttpResponse) full;
            head = new DefaultHttpResponse(r.protocolVersion(), r.status(), headers);
        }
        head.setDecoderResult(full.decoderResult());
        LastHttpContent last;
        if (full.content().isReadable() || !full.trailingHeaders().isEmpty()) {
            last = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
        } else {
            full.release();
            last = LastHttpContent.EMPTY_LAST_CONTENT;
        }
        ctx.fireChannelRead(head);
        ctx.fireChannelRead(last);
    }
}
