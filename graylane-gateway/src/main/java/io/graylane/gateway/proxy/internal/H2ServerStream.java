package io.graylane.gateway.proxy.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The client side of one HTTP/2 stream, between the codec and the stream's {@link ProxyHandler}:
 * fits messages as {@link H2StreamAdapter} says, and marks a request without {@code :authority} (and
 * without {@code Host}) as failed, so it is answered 400 like an HTTP/1.1 request without Host. The
 * codec has mapped {@code :authority} to {@code Host} already, and refused a {@code host} header
 * that disagrees with it. One per stream; used by its event loop only.
 */
final class H2ServerStream extends H2StreamAdapter {

    static final IllegalArgumentException MISSING_AUTHORITY =
            new IllegalArgumentException("no :authority (and no Host header)");

    static {
        MISSING_AUTHORITY.setStackTrace(new StackTraceElement[0]);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            if (!request.headers().contains(HttpHeaderNames.HOST) && request.decoderResult().isSuccess()) {
                request.setDecoderResult(DecoderResult.failure(MISSING_AUTHORITY));
            }
            fireSplit(ctx, request);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
