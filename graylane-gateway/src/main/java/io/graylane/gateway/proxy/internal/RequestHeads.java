package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * The client-facing request decoder's fast path: reads a plain request without a body whose head is
 * already in the buffer, in one pass over one copy of it, and leaves everything else to
 * {@link StrictRequestDecoder} (Netty's decoder and its checks). It takes a strict subset of what that
 * decoder takes and makes the same message of it (a randomized differential test holds it to that):
 * {@code GET}, {@code HEAD}, {@code DELETE} or {@code OPTIONS}; a request target of visible ASCII;
 * {@code HTTP/1.1} with exactly one {@code Host}, or {@code HTTP/1.0} with at most one; fields as
 * {@link HeadFields} reads them, without {@code Content-Length} or {@code Transfer-Encoding}; a head
 * within the configured limits and {@link HeadFields#SCRATCH_BYTES}. Every request-smuggling shape
 * and every malformed head therefore takes the strict path and gets its 400 there.
 *
 * <p>What it saves is Netty's per-message objects (the request line's three strings, a head, the
 * last piece) and a string per field that repeats at its place on the connection (a client sends the
 * same {@code Host}, {@code User-Agent} and {@code Accept} every time); the request target is the
 * previous request's when it is the same. One per connection; not thread-safe.
 */
final class RequestHeads {

    private static final byte[][] METHOD_NAMES = {"GET ".getBytes(StandardCharsets.US_ASCII),
            "HEAD ".getBytes(StandardCharsets.US_ASCII), "DELETE ".getBytes(StandardCharsets.US_ASCII),
            "OPTIONS ".getBytes(StandardCharsets.US_ASCII)};
    private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE, HttpMethod.OPTIONS};

    private final HttpHeadersFactory headers;
    private final int maxInitialLineLength;
    private final int maxHeaderSize;
    private final HeadFields fields = new HeadFields();
    private String target;

    /**
     * @param headers              makes the head's fields (a {@link FieldList} takes them without checking them again)
     * @param maxInitialLineLength the decoder's limit for the request line: longer ones are left to it
     * @param maxHeaderSize        the decoder's limit for the field block: larger ones are left to it
     */
    RequestHeads(HttpHeadersFactory headers, int maxInitialLineLength, int maxHeaderSize) {
        this.headers = headers;
        this.maxInitialLineLength = maxInitialLineLength;
        this.maxHeaderSize = maxHeaderSize;
    }

    /**
     * The request at {@code in}'s reader index, which is then moved past it; or {@code null}, with
     * {@code in} untouched, when its head is not whole yet or it is not plain enough for this path.
     */
    FullHttpRequest decode(ByteBuf in) {
        int readable = in.readableBytes();
        // "GET / HTTP/1.1\r\n" and the blank line: nothing shorter can be whole.
        if (readable < 18) {
            return null;
        }
        byte[] b = HeadFields.scratch(in);
        int n = Math.min(readable, b.length);
        int m = method(b);
        if (m < 0) {
            return null;
        }
        int p = METHOD_NAMES[m].length;
        int targetStart = p;
        while (p < n && b[p] >= 0x21 && b[p] <= 0x7e) {
            p++;
        }
        // The space, "HTTP/1.x" and CRLF: b[p] to b[p + 10] must all be read.
        if (p == targetStart || p + 10 >= n || b[p] != ' ') {
            return null;
        }
        int targetEnd = p++;
        HttpVersion version = version(b, p);
        // Within the limits with room to spare: exactly how Netty counts at the edge does not matter here.
        if (version == null || p + 8 > maxInitialLineLength - 2) {
            return null;
        }
        int fieldsStart = p + 10;
        HttpHeaders head = headers.newHeaders();
        p = fields.read(b, fieldsStart, n, head);
        if (p < 0 || p - fieldsStart > maxHeaderSize - 2 || fields.contentLength != -1 || fields.transferEncoding
                || (version == HttpVersion.HTTP_1_1 ? fields.hosts != 1 : fields.hosts > 1)) {
            return null;
        }
        String uri = target(b, targetStart, targetEnd - targetStart);
        in.skipBytes(p);
        return new DefaultFullHttpRequest(version, METHODS[m], uri, Unpooled.EMPTY_BUFFER, head, EmptyHttpHeaders.INSTANCE);
    }

    private static int method(byte[] b) {
        for (int m = 0; m < METHOD_NAMES.length; m++) {
            byte[] name = METHOD_NAMES[m];
            int i = 0;
            while (i < name.length && b[i] == name[i]) {
                i++;
            }
            if (i == name.length) {
                return m;
            }
        }
        return -1;
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0} and CRLF at {@code p}, or null. */
    private static HttpVersion version(byte[] b, int p) {
        if (b[p] != 'H' || b[p + 1] != 'T' || b[p + 2] != 'T' || b[p + 3] != 'P' || b[p + 4] != '/'
                || b[p + 5] != '1' || b[p + 6] != '.' || b[p + 8] != '\r' || b[p + 9] != '\n') {
            return null;
        }
        return b[p + 7] == '1' ? HttpVersion.HTTP_1_1 : b[p + 7] == '0' ? HttpVersion.HTTP_1_0 : null;
    }

    private String target(byte[] b, int start, int length) {
        String last = target;
        if (last != null && HeadFields.sameText(last, b, start, length)) {
            return last;
        }
        return target = new String(b, start, length, StandardCharsets.ISO_8859_1);
    }
}
