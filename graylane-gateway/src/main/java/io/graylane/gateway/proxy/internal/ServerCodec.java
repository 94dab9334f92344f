package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.AsciiString;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;

/**
 * The client-facing HTTP/1.1 codec: {@link StrictRequestDecoder} and a response encoder that knows
 * which responses answer a {@code HEAD} request (so a relayed {@code Transfer-Encoding: chunked}
 * response to HEAD gets no body framing). Plays the part of Netty's {@code HttpServerCodec}, whose
 * decoder cannot be extended. One per connection; not thread-safe.
 *
 * <p>The encoder writes header fields as Netty's does, byte for byte, but copies a {@code String}
 * name or value into the buffer in one piece (through a scratch array) rather than a byte at a time:
 * each single-byte write to a direct buffer is checked on its own, which made Netty's loop over the
 * decoded {@code String} values one of the gateway's hottest spots (JDK 25 profile).
 */
final class ServerCodec extends CombinedChannelDuplexHandler<StrictRequestDecoder, HttpResponseEncoder> {

    ServerCodec(ProxyOptions options) {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>(4);
        HttpDecoderConfig config = new HttpDecoderConfig()
                .setMaxInitialLineLength(options.maxInitialLineLength())
                .setMaxHeaderSize(options.maxHeaderSize())
                .setMaxChunkSize(ProxyOptions.MAX_CHUNK_SIZE)
                // The safe values are Netty's defaults today; set them so a system property cannot weaken them.
                .setValidateHeaders(true)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false)
                .setTrailersFactory(Trailers.FACTORY);
        init(new StrictRequestDecoder(config, methods), new Encoder(methods));
    }

    private static final class Encoder extends HttpResponseEncoder {
        private static final int COLON_AND_SPACE = (':' << 8) | ' ';
        private static final int CRLF = ('\r' << 8) | '\n';

        private final ArrayDeque<HttpMethod> methods;
        private byte[] scratch = new byte[128];

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

        /** {@code name: value\r\n} for every field, in order, as Netty's {@code HttpHeadersEncoder} writes them. */
        @Override
        protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
            Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
            while (it.hasNext()) {
                Map.Entry<CharSequence, CharSequence> field = it.next();
                CharSequence name = field.getKey();
                CharSequence value = field.getValue();
                int nameLength = name.length();
                int valueLength = value.length();
                buf.ensureWritable(nameLength + valueLength + 4);
                int at = buf.writerIndex();
                write(buf, at, name, nameLength);
                at += nameLength;
                buf.setShort(at, COLON_AND_SPACE);
                at += 2;
                write(buf, at, value, valueLength);
                at += valueLength;
                buf.setShort(at, CRLF);
                buf.writerIndex(at + 2);
            }
        }

        /** Netty's mapping: a char above 0xFF becomes '?', any other its low byte. */
        private void write(ByteBuf buf, int at, CharSequence text, int length) {
            if (text instanceof AsciiString ascii) {
                ByteBufUtil.copy(ascii, 0, buf, at, length);
                return;
            }
            byte[] b = scratch;
            if (b.length < length) {
                b = scratch = new byte[Math.max(length, b.length * 2)];
            }
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                b[i] = c > 0xFF ? (byte) '?' : (byte) c;
            }
            buf.setBytes(at, b, 0, length);
        }
    }
}
