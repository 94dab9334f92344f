package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;

import java.util.ArrayDeque;

/**
 * The client-facing HTTP/1.1 codec: {@link StrictRequestDecoder} and a response encoder that knows
 * which responses answer a {@code HEAD} request (so a relayed {@code Transfer-Encoding: chunked}
 * response to HEAD gets no body framing). Plays the part of Netty's {@code HttpServerCodec}, whose
 * decoder cannot be extended. Header blocks are written by {@link HeaderBlock}. One per connection;
 * not thread-safe.
 */
final class ServerCodec extends CombinedChannelDuplexHandler<StrictRequestDecoder, HttpResponseEncoder> {

    ServerCodec(ProxyOptions options) {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>(4);
        init(new StrictRequestDecoder(decoderConfig(options.maxInitialLineLength(), options.maxHeaderSize()), methods),
                new Encoder(methods));
    }

    /** The request decoder's configuration: strict, with the given limits. */
    static HttpDecoderConfig decoderConfig(int maxInitialLineLength, int maxHeaderSize) {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(maxInitialLineLength)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(ProxyOptions.MAX_CHUNK_SIZE)
                // The safe values are Netty's defaults today; set them so a system property cannot weaken them.
                .setValidateHeaders(true)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false)
                .setHeadersFactory(HeaderNames.FACTORY)
                .setTrailersFactory(Trailers.FACTORY);
    }

    private static final class Encoder extends HttpResponseEncoder {
        private final ArrayDeque<HttpMethod> methods;

        Encoder(ArrayDeque<HttpMethod> methods) {
            this.methods = methods;
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpResponse msg) {
            if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // 1xx responses precede the final one; they do not answer the request.
                return super.isContentAlwaysEmpty(msg);
            }
            HttpMethod method = methods.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }

        @Override
        protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
            HeaderBlock.write(headers, buf);
        }
    }
}
