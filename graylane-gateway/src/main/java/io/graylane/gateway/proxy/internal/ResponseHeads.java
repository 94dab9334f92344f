package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * The upstream response decoder's fast path: reads a plain final response whose head and whole body
 * are already in the buffer, in one pass over one copy of the head, and leaves everything else to
 * Netty's decoder. It takes a strict subset of what Netty takes and makes the same message of it (a
 * randomized differential test against Netty's decoder holds it to that): status line
 * {@code HTTP/1.1} or {@code HTTP/1.0}, a three-digit code from 200 to 599 other than 204 and 304 and
 * a reason phrase that neither starts nor ends with white space; fields as {@link HeadFields} reads
 * them; exactly one {@code Content-Length} of at most 15 digits; no {@code Transfer-Encoding}; a head
 * of at most {@link HeadFields#SCRATCH_BYTES}. Declining costs one copy of the head and leaves the
 * buffer untouched.
 *
 * <p>What it saves is Netty's per-message objects (the status line's three strings, a head, a last
 * piece and a slice) and a string per field that repeats at its place on the connection. One per
 * connection; not thread-safe.
 */
final class ResponseHeads {

    private final HttpHeadersFactory headers;
    private final int ownBufferMax;
    private final HeadFields fields = new HeadFields();

    /**
     * @param headers      makes the head's fields (a {@link FieldList} takes them without checking them again)
     * @param ownBufferMax bodies up to this size are copied into a buffer of their own; larger ones are
     *                     a retained slice of {@code in}, as Netty passes them
     */
    ResponseHeads(HttpHeadersFactory headers, int ownBufferMax) {
        this.headers = headers;
        this.ownBufferMax = ownBufferMax;
    }

    /**
     * The response at {@code in}'s reader index, which is then moved past it; or {@code null}, with
     * {@code in} untouched, when it is not whole yet or not plain enough for this path. The caller
     * makes sure that a response here answers a request whose answer has a body (not {@code HEAD}).
     */
    FullHttpResponse decode(ByteBufAllocator alloc, ByteBuf in) {
        int readable = in.readableBytes();
        // "HTTP/1.1 200 OK\r\n" and the blank line: nothing shorter can be whole.
        if (readable < 19) {
            return null;
        }
        byte[] b = HeadFields.scratch(in);
        int n = Math.min(readable, b.length);

        HttpVersion version = version(b);
        if (version == null) {
            return null;
        }
        int code = digit(b[9]) * 100 + digit(b[10]) * 10 + digit(b[11]);
        if (code < 200 || code > 599 || code == 204 || code == 304 || b[12] != ' ') {
            return null;
        }
        int p = 13;
        while (p < n && isReasonByte(b[p])) {
            p++;
        }
        if (p == 13 || p + 1 >= n || b[p] != '\r' || b[p + 1] != '\n' || HeadFields.isOws(b[13])
                || HeadFields.isOws(b[p - 1])) {
            return null;
        }
        HttpResponseStatus status = status(code, b, 13, p - 13);
        HttpHeaders head = headers.newHeaders();
        p = fields.read(b, p + 2, n, head);
        if (p < 0 || fields.transferEncoding || fields.contentLength < 0 || fields.contentLength > readable - p) {
            return null;
        }
        int length = (int) fields.contentLength;
        ByteBuf content;
        if (length == 0) {
            content = Unpooled.EMPTY_BUFFER;
        } else {
            content = length <= ownBufferMax
                    ? alloc.buffer(length).writeBytes(in, in.readerIndex() + p, length)
                    : in.retainedSlice(in.readerIndex() + p, length);
        }
        in.skipBytes(p + length);
        // No trailers: the shared empty map, as Netty gives a response without a body (the relay
        // touches trailers only when there are some).
        return new DefaultFullHttpResponse(version, status, content, head, EmptyHttpHeaders.INSTANCE);
    }

    private static HttpVersion version(byte[] b) {
        if (b[0] != 'H' || b[1] != 'T' || b[2] != 'T' || b[3] != 'P' || b[4] != '/' || b[5] != '1'
                || b[6] != '.' || b[8] != ' ') {
            return null;
        }
        return b[7] == '1' ? HttpVersion.HTTP_1_1 : b[7] == '0' ? HttpVersion.HTTP_1_0 : null;
    }

    /** 0-9 for a digit, a large negative number otherwise (so that the code falls out of range). */
    private static int digit(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : -10_000;
    }

    /** The status as Netty's {@code HttpResponseStatus.valueOf(code, reason)} gives it: shared when the reason is the usual one. */
    private static HttpResponseStatus status(int code, byte[] b, int start, int length) {
        HttpResponseStatus usual = HttpResponseStatus.valueOf(code);
        if (HeadFields.sameText(usual.reasonPhrase(), b, start, length)) {
            return usual;
        }
        return HttpResponseStatus.valueOf(code, new String(b, start, length, StandardCharsets.ISO_8859_1));
    }

    /** reason-phrase = *( HTAB / SP / VCHAR / obs-text ); obs-text is left to Netty. */
    private static boolean isReasonByte(byte c) {
        return c >= 0x20 && c <= 0x7e || c == '\t';
    }
}
