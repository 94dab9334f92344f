package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The upstream-facing HTTP/1.1 codec: Netty's response decoder and request encoder, paired through a
 * queue of request methods so that a response to {@code HEAD} is read without a body. Plays the part
 * of Netty's {@code HttpClientCodec} (whose encoder cannot be extended) without what the gateway never
 * sends upstream ({@code CONNECT}, protocol upgrades): the request head is written by
 * {@link HeaderBlock}, and the response fields every upstream sends ({@code Content-Length},
 * {@code Date} …) are decoded to shared names instead of a new one per response. A final response
 * that arrived whole is passed on as one {@link FullHttpResponse}; a plain one is read by
 * {@link ResponseHeads} instead of Netty's decoder, whenever that decoder is between messages. One
 * per connection; not thread-safe.
 */
final class ClientCodec extends CombinedChannelDuplexHandler<ClientCodec.Decoder, ClientCodec.Encoder> {

    ClientCodec(HttpDecoderConfig config) {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>(4);
        init(new Decoder(config, methods), new Encoder(methods));
    }

    /** The response decoder's configuration for upstream connections. */
    static HttpDecoderConfig upstreamConfig() {
        return new HttpDecoderConfig()
                .setMaxHeaderSize(ProxyOptions.MAX_RESPONSE_HEADER_SIZE)
                .setMaxChunkSize(ProxyOptions.MAX_CHUNK_SIZE)
                .setValidateHeaders(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false)
                .setHeadersFactory(HeaderNames.FACTORY)
                .setTrailersFactory(Trailers.FACTORY);
    }

    static final class Encoder extends HttpRequestEncoder {
        private final ArrayDeque<HttpMethod> methods;

        Encoder(ArrayDeque<HttpMethod> methods) {
            this.methods = methods;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
            if (msg instanceof HttpRequest request) {
                methods.add(request.method());
            }
            super.encode(ctx, msg, out);
        }

        @Override
        protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
            HeaderBlock.write(headers, buf);
        }
    }

    static final class Decoder extends HttpResponseDecoder {
        /** Bodies up to this size are copied out of the read buffer (see {@link #ownBuffer}). */
        private static final int OWN_BUFFER_MAX = 512;

        private final ArrayDeque<HttpMethod> methods;
        private final ResponseHeads fast;
        /** Whether Netty's decoder is between messages, so that the next bytes may take the fast path. */
        private boolean between = true;
        /** Set for good by a {@code 101} response: what follows is not HTTP/1 to Netty any more. */
        private boolean switched;

        Decoder(HttpDecoderConfig config, ArrayDeque<HttpMethod> methods) {
            super(config);
            this.methods = methods;
            this.fast = new ResponseHeads(config.getHeadersFactory(), OWN_BUFFER_MAX);
        }

        /**
         * Decodes as Netty does, except that a final response whose whole body is already read comes
         * out as one {@link FullHttpResponse} instead of a head and a last piece: the relay then writes
         * it to the client in one go (the encoder copies a small body into the head's buffer). Such a
         * response, when plain, is read by {@link ResponseHeads} without Netty's decoder.
         */
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            if (between && !switched) {
                HttpMethod method = methods.peek();
                if (method != null && !HttpMethod.HEAD.equals(method)) {
                    FullHttpResponse response = fast.decode(ctx.alloc(), buffer);
                    if (response != null) {
                        methods.poll();
                        out.add(response);
                        return;
                    }
                }
            }
            int first = out.size();
            int readable = buffer.readableBytes();
            decodeWithNetty(ctx, buffer, out);
            if (out.size() > first) {
                Object last = out.get(out.size() - 1);
                between = last instanceof LastHttpContent piece && piece.decoderResult().isSuccess();
                for (int i = first; i < out.size(); i++) {
                    if (out.get(i) instanceof HttpResponse head
                            && head.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                        switched = true;
                    }
                }
            } else if (buffer.readableBytes() != readable) {
                between = false;
            }
        }

        private void decodeWithNetty(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            int first = out.size();
            super.decode(ctx, buffer, out);
            if (out.size() != first + 1 && out.size() != first + 2
                    || !(out.get(first) instanceof HttpResponse head) || head instanceof FullHttpResponse
                    || !head.decoderResult().isSuccess() || head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return;
            }
            if (out.size() == first + 1) {
                if (!buffer.isReadable()) {
                    return;
                }
                // The head came alone (Netty returns after it); its body may be in the buffer already.
                super.decode(ctx, buffer, out);
                if (out.size() != first + 2) {
                    return;
                }
            }
            if (out.get(first + 1) instanceof LastHttpContent last && last.decoderResult().isSuccess()) {
                out.set(first, new DefaultFullHttpResponse(head.protocolVersion(), head.status(),
                        ownBuffer(ctx, last.content()), head.headers(), last.trailingHeaders()));
                out.remove(first + 1);
            }
        }

        /**
         * A small body in a buffer of its own instead of a slice of the read buffer. The response encoder
         * copies a small body into the head's buffer; from a slice Netty does that through two
         * {@code ByteBuffer} views made per response, from an allocator's buffer (recycled) with none.
         */
        private static ByteBuf ownBuffer(ChannelHandlerContext ctx, ByteBuf content) {
            int length = content.readableBytes();
            if (length == 0 || length > OWN_BUFFER_MAX || content.unwrap() == null) {
                return content;
            }
            ByteBuf own = ctx.alloc().buffer(length);
            content.getBytes(content.readerIndex(), own, 0, length);
            own.writerIndex(length);
            content.release();
            return own;
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            if (((HttpResponse) msg).status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // 1xx responses precede the final one; they do not answer the request.
                return super.isContentAlwaysEmpty(msg);
            }
            HttpMethod method = methods.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }

        @Override
        protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
            AsciiString common = HeaderNames.common(sb, start, length);
            return common != null ? common : super.splitHeaderName(sb, start, length);
        }
    }
}
