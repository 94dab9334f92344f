package io.graylane.gateway.proxy.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;

/**
 * The upstream side of one HTTP/2 stream, between the codec and the stream's {@link UpstreamHandler}:
 * fits messages as {@link H2StreamAdapter} says; sends every request with {@code TE: trailers} (the
 * only TE value HTTP/2 allows: the gateway accepts trailers and carries them on, and gRPC servers
 * require it) and takes the header back off once its frame is made, as the request head may be sent
 * again, to an HTTP/1.1 upstream, by a retry; and reports a reset stream to the relay as the reason
 * the stream ended. One per stream; used by its event loop only.
 */
final class H2UpstreamStream extends H2StreamAdapter {

    @Override
    void beforeWrite(HttpMessage head) {
        if (head instanceof HttpRequest) {
            head.headers().set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
        }
    }

    @Override
    void afterWrite(HttpMessage head) {
        if (head instanceof HttpRequest) {
            head.headers().remove(HttpHeaderNames.TE);
            head.headers().remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse response) {
            fireSplit(ctx, response);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame reset) {
            long code = reset.errorCode();
            ReferenceCountUtil.release(evt);
            ctx.fireExceptionCaught(new IOException("upstream reset the stream (error code " + code + ")"));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
