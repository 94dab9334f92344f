package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The first handler of every client connection: reads just enough of the first bytes to tell the
 * HTTP/2 connection preface ({@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}, RFC 9113 3.4: h2c with prior
 * knowledge) from an HTTP/1 request, then removes itself. An HTTP/1 connection keeps the pipeline
 * it was given, with nothing added (the bytes read so far go on to its codec); an HTTP/2 connection
 * has its pipeline replaced by {@link H2ServerConnection#install}. Most HTTP/1 requests are told
 * apart by their first byte or two. One per connection; not thread-safe.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ProxyRuntime runtime;

    ProtocolDetector(ProxyRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int from = in.readerIndex();
        int n = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(from + i) != PREFACE[i]) {
                // HTTP/1: what was read goes on to the HTTP/1 codec when this handler leaves.
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (n == PREFACE.length) {
            // The HTTP/2 codec reads the preface itself; the HTTP/1 handlers go.
            H2ServerConnection.install(ctx, runtime);
            ctx.pipeline().remove(this);
        }
        // Else a prefix of the preface: wait for more.
    }
}
