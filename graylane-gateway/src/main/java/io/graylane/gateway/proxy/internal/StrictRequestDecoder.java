package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ByteProcessor;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Netty's request decoder plus what it lets through. Netty 4.2.18 rejects the request-smuggling
 * shapes (Content-Length with Transfer-Encoding, {@code chunked} not last or twice, conflicting or
 * duplicate Content-Length) by itself, but it accepts a missing or duplicate {@code Host} and merges
 * obsolete line folding ({@code "X: a\r\n b"} becomes {@code X: a b}) without a trace. This decoder
 * marks such requests as failed ({@link HttpRequest#decoderResult()}), so the proxy answers 400
 * like for any other malformed request and never forwards them.
 *
 * <p>Folding is found on the raw bytes: while the decoder reads a request's start line and headers,
 * each call consumes whole lines only, so the bytes it consumed are scanned for a line feed followed
 * by a space or tab. Body bytes are never scanned. A valid request without a body is passed on as one
 * {@link FullHttpRequest} (head and empty last piece in one); a plain one is read by
 * {@link RequestHeads} instead, whenever Netty's decoder is between messages. One instance per
 * connection; not thread-safe.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    static final IllegalArgumentException OBSOLETE_FOLDING =
            new IllegalArgumentException("obsolete line folding in a header (a line starting with a space or tab)");
    static final IllegalArgumentException DUPLICATE_HOST = new IllegalArgumentException("more than one Host header");
    static final IllegalArgumentException MISSING_HOST = new IllegalArgumentException("no Host header");

    static {
        // Shared, so no stack traces: the message says it all.
        OBSOLETE_FOLDING.setStackTrace(new StackTraceElement[0]);
        DUPLICATE_HOST.setStackTrace(new StackTraceElement[0]);
        MISSING_HOST.setStackTrace(new StackTraceElement[0]);
    }

    private final ArrayDeque<HttpMethod> methods;
    private final FoldingScanner scanner = new FoldingScanner();
    private final RequestHeads fast;
    /** Whether the next bytes belong to a start line or header block (not to a body). */
    private boolean inHead = true;
    /** Whether Netty's decoder is between messages, so that the next bytes may take the fast path. */
    private boolean between = true;
    /** Set for good once a request was refused. */
    private boolean refused;
    private int hostHeaders;

    /**
     * @param config  decoder limits
     * @param methods where each decoded request's method is queued, for the response encoder
     */
    StrictRequestDecoder(HttpDecoderConfig config, ArrayDeque<HttpMethod> methods) {
        this(config, methods, true);
    }

    /** With {@code fastPath} false every request goes through Netty's decoder (tests compare the two). */
    StrictRequestDecoder(HttpDecoderConfig config, ArrayDeque<HttpMethod> methods, boolean fastPath) {
        super(config);
        this.methods = methods;
        this.fast = fastPath
                ? new RequestHeads(config.getHeadersFactory(), config.getMaxInitialLineLength(), config.getMaxHeaderSize())
                : null;
    }

    /** Plain requests without a body take {@link RequestHeads}; everything else Netty's decoder and the checks here. */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (between && fast != null) {
            FullHttpRequest request = fast.decode(buffer);
            if (request != null) {
                methods.add(request.method());
                out.add(request);
                return;
            }
        }
        int readable = buffer.readableBytes();
        int firstOut = out.size();
        decodeWithNetty(ctx, buffer, out);
        if (out.size() > firstOut) {
            for (int i = firstOut; i < out.size(); i++) {
                if (out.get(i) instanceof HttpObject o && !o.decoderResult().isSuccess()) {
                    refused = true;
                }
            }
            // After a refused request the connection is closing: what follows is left to Netty.
            between = !refused && out.get(out.size() - 1) instanceof LastHttpContent;
        } else if (buffer.readableBytes() != readable) {
            between = false;
        }
    }

    private void decodeWithNetty(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        int from = buffer.readerIndex();
        int firstOut = out.size();
        boolean head = inHead;
        super.decode(ctx, buffer, out);
        if (head) {
            int to = buffer.readerIndex();
            if (to > from) {
                buffer.forEachByte(from, to - from, scanner);
            }
        }
        for (int i = firstOut, n = out.size(); i < n; i++) {
            Object o = out.get(i);
            if (o instanceof HttpRequest request) {
                methods.add(request.method());
                vet(request);
                inHead = false;
            }
            if (o instanceof LastHttpContent) {
                inHead = true;
                hostHeaders = 0;
                scanner.reset();
            }
        }
        for (int i = firstOut; i < out.size() - 1; i++) {
            if (out.get(i) instanceof HttpRequest r && !(r instanceof FullHttpRequest) && r.decoderResult().isSuccess()
                    && out.get(i + 1) == LastHttpContent.EMPTY_LAST_CONTENT) {
                // A request without a body: one message, so the relay writes it upstream in one go.
                out.set(i, new DefaultFullHttpRequest(r.protocolVersion(), r.method(), r.uri(), Unpooled.EMPTY_BUFFER,
                        r.headers(), EmptyHttpHeaders.INSTANCE));
                out.remove(i + 1);
            }
        }
    }

    private void vet(HttpRequest request) {
        IllegalArgumentException problem = null;
        if (scanner.folded) {
            problem = OBSOLETE_FOLDING;
        } else if (hostHeaders > 1) {
            problem = DUPLICATE_HOST;
        } else if (hostHeaders == 0 && !HttpVersion.HTTP_1_0.equals(request.protocolVersion())) {
            // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host.
            problem = MISSING_HOST;
        }
        hostHeaders = 0;
        scanner.reset();
        if (problem != null && request.decoderResult().isSuccess()) {
            request.setDecoderResult(DecoderResult.failure(problem));
        }
    }

    @Override
    protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
        AsciiString name = super.splitHeaderName(sb, start, length);
        // Called once per header line that is not a continuation, so this counts Host lines exactly.
        if (length == 4 && HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) {
            hostHeaders++;
        }
        return name;
    }

    /** Finds a line feed followed by SP or HTAB; keeps its state across decode calls. */
    private static final class FoldingScanner implements ByteProcessor {
        boolean folded;
        private boolean afterLineFeed;

        @Override
        public boolean process(byte value) {
            if (afterLineFeed && (value == ' ' || value == '\t')) {
                folded = true;
                return false;
            }
            afterLineFeed = value == '\n';
            return true;
        }

        void reset() {
            folded = false;
            afterLineFeed = false;
        }
    }
}
