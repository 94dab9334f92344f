package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;

/**
 * The upstream response decoder's fast path: reads a plain final response whose head and whole body
 * are already in the buffer, in one pass over one copy of the head, and leaves everything else to
 * Netty's decoder. It takes a strict subset of what Netty takes and makes the same message of it (a
 * randomized differential test against Netty's decoder holds it to that): status line
 * {@code HTTP/1.1} or {@code HTTP/1.0}, a three-digit code from 200 to 599 other than 204 and 304 and
 * a reason phrase that neither starts nor ends with white space; fields {@code token:OWS value OWS}
 * with visible ASCII, space or tab in the value; every line ended by CRLF; exactly one
 * {@code Content-Length} of at most 15 digits; no {@code Transfer-Encoding}; a head of at most
 * {@link #SCRATCH_BYTES}. Declining costs one copy of the head and leaves the buffer untouched.
 *
 * <p>What it saves is Netty's per-message objects (the status line's three strings, a head, a last
 * piece and a slice) and, above all, a string per field: a field name or value the same as at the
 * same place in this connection's previous response ({@code Server}, {@code Content-Type},
 * {@code Content-Length}, {@code Connection}, {@code Date} within the second) is that response's
 * object again. A steady upstream's responses decode without allocating text. One per connection;
 * not thread-safe.
 */
final class ResponseHeads {

    /** Heads larger than this are left to Netty (the copy of the head lives in a per-thread array). */
    static final int SCRATCH_BYTES = 4096;

    /** Fields remembered per position; later ones are made anew each time. */
    private static final int REMEMBERED = 16;

    private static final int MAX_LENGTH_DIGITS = 15;

    private static final AsciiString[] COMMON = HeaderNames.RESPONSE_COMMON;

    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_BYTES];
        }
    };

    /** {@code tchar} (RFC 9110 §5.6.2) by byte value. */
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private final HttpHeadersFactory headers;
    private final HttpHeadersFactory trailers;
    private final int ownBufferMax;
    private final CharSequence[] names = new CharSequence[REMEMBERED];
    private final String[] values = new String[REMEMBERED];

    /**
     * @param headers      makes the head's fields (a {@link FieldList} takes them without checking them again)
     * @param trailers     makes the (empty) trailing fields of a response with a body, as Netty does
     * @param ownBufferMax bodies up to this size are copied into a buffer of their own; larger ones are
     *                     a retained slice of {@code in}, as Netty passes them
     */
    ResponseHeads(HttpHeadersFactory headers, HttpHeadersFactory trailers, int ownBufferMax) {
        this.headers = headers;
        this.trailers = trailers;
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
        byte[] b = SCRATCH.get();
        int n = Math.min(readable, b.length);
        in.getBytes(in.readerIndex(), b, 0, n);

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
        if (p == 13 || p + 1 >= n || b[p] != '\r' || b[p + 1] != '\n' || isOws(b[13]) || isOws(b[p - 1])) {
            return null;
        }
        HttpResponseStatus status = status(code, b, 13, p - 13);
        p += 2;

        HttpHeaders fields = headers.newHeaders();
        FieldList list = fields instanceof FieldList l ? l : null;
        long contentLength = -1;
        for (int field = 0; ; field++) {
            if (p + 1 >= n) {
                return null;
            }
            if (b[p] == '\r') {
                if (b[p + 1] != '\n') {
                    return null;
                }
                p += 2;
                break;
            }
            int nameStart = p;
            while (p < n && isToken(b[p])) {
                p++;
            }
            if (p == nameStart || p >= n || b[p] != ':') {
                return null;
            }
            int nameEnd = p++;
            while (p < n && isOws(b[p])) {
                p++;
            }
            int valueStart = p;
            int valueEnd = p;
            while (p < n && b[p] != '\r') {
                byte c = b[p++];
                if (c >= 0x21 && c <= 0x7e) {
                    valueEnd = p;
                } else if (!isOws(c)) {
                    return null;
                }
            }
            if (p + 1 >= n || b[p + 1] != '\n') {
                return null;
            }
            p += 2;
            CharSequence name = name(field, b, nameStart, nameEnd - nameStart);
            String value = value(field, b, valueStart, valueEnd - valueStart);
            if (isNamed(name, HttpHeaderNames.CONTENT_LENGTH)) {
                if (contentLength >= 0 || (contentLength = length(value)) < 0) {
                    return null;
                }
            } else if (isNamed(name, HttpHeaderNames.TRANSFER_ENCODING)) {
                return null;
            }
            if (list != null) {
                list.addParsed(name, value);
            } else {
                fields.add(name, value);
            }
        }
        if (contentLength < 0 || contentLength > readable - p) {
            return null;
        }
        int length = (int) contentLength;
        ByteBuf content;
        HttpHeaders trailing;
        if (length == 0) {
            // Netty ends such a response with LastHttpContent.EMPTY_LAST_CONTENT and its trailers.
            content = Unpooled.EMPTY_BUFFER;
            trailing = EmptyHttpHeaders.INSTANCE;
        } else {
            content = length <= ownBufferMax
                    ? alloc.buffer(length).writeBytes(in, in.readerIndex() + p, length)
                    : in.retainedSlice(in.readerIndex() + p, length);
            trailing = trailers.newHeaders();
        }
        in.skipBytes(p + length);
        return new DefaultFullHttpResponse(version, status, content, fields, trailing);
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
        if (sameText(usual.reasonPhrase(), b, start, length)) {
            return usual;
        }
        return HttpResponseStatus.valueOf(code, new String(b, start, length, StandardCharsets.ISO_8859_1));
    }

    private CharSequence name(int field, byte[] b, int start, int length) {
        for (AsciiString common : COMMON) {
            if (sameText(common, b, start, length)) {
                return common;
            }
        }
        if (field >= REMEMBERED) {
            return new AsciiString(b, start, length, true);
        }
        CharSequence last = names[field];
        if (last != null && sameText(last, b, start, length)) {
            return last;
        }
        return names[field] = new AsciiString(b, start, length, true);
    }

    private String value(int field, byte[] b, int start, int length) {
        if (field >= REMEMBERED) {
            return new String(b, start, length, StandardCharsets.ISO_8859_1);
        }
        String last = values[field];
        if (last != null && sameText(last, b, start, length)) {
            return last;
        }
        return values[field] = new String(b, start, length, StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code s} is the text of {@code b[start, start + length)} (ASCII: one byte per char). */
    private static boolean sameText(CharSequence s, byte[] b, int start, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != (b[start + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNamed(CharSequence name, AsciiString lowerCase) {
        return name.length() == lowerCase.length() && AsciiString.contentEqualsIgnoreCase(name, lowerCase);
    }

    /** A {@code Content-Length} of digits only (at most 15), or -1. */
    private static long length(String value) {
        int n = value.length();
        if (n == 0 || n > MAX_LENGTH_DIGITS) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isToken(byte c) {
        return c >= 0 && TOKEN[c];
    }

    private static boolean isOws(byte c) {
        return c == ' ' || c == '\t';
    }

    /** reason-phrase = *( HTAB / SP / VCHAR / obs-text ); obs-text is left to Netty. */
    private static boolean isReasonByte(byte c) {
        return c >= 0x20 && c <= 0x7e || c == '\t';
    }
}
