package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;

/**
 * The field block of an HTTP/1 head for the decoders' fast paths ({@link ResponseHeads},
 * {@link RequestHeads}): reads {@code token:OWS value OWS CRLF} lines up to the blank line, strictly —
 * a value of visible ASCII, space or tab, no white space before the colon, no folding, CRLF only —
 * and reports {@code Content-Length}, {@code Transfer-Encoding} and {@code Host} as it goes. Anything
 * else declines, and the caller leaves the message to Netty.
 *
 * <p>A field name or value the same as at the same place in this connection's previous head is that
 * head's object again (a client's {@code Host}, {@code User-Agent}, {@code Accept}; an upstream's
 * {@code Server}, {@code Content-Type}, {@code Date} within the second), so a steady peer's heads
 * decode without allocating text; names the gateway knows are shared constants. What a connection
 * keeps for that is at most {@value #REMEMBERED} names and values, each from a head of at most
 * {@value #SCRATCH_BYTES} bytes (Netty's decoder, for comparison, keeps a buffer as long as the longest
 * line it read). One per connection; not thread-safe.
 */
final class HeadFields {

    /** Heads larger than this are left to Netty (the copy of the head lives in a per-thread array). */
    static final int SCRATCH_BYTES = 4096;

    /** Fields remembered per position; later ones are made anew each time. */
    private static final int REMEMBERED = 16;

    private static final int MAX_LENGTH_DIGITS = 15;

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

    private final CharSequence[] names = new CharSequence[REMEMBERED];
    private final String[] values = new String[REMEMBERED];

    /** Of the last {@link #read}: the {@code Content-Length} (-1 when absent; -2 when twice or not plain digits). */
    long contentLength;
    /** Of the last {@link #read}: whether a {@code Transfer-Encoding} field came. */
    boolean transferEncoding;
    /** Of the last {@link #read}: how many {@code Host} fields came. */
    int hosts;

    /**
     * Copies up to {@link #SCRATCH_BYTES} of {@code in}'s readable bytes (indexes untouched) into this
     * thread's scratch array and returns it; {@code min(readable, length)} bytes are valid.
     */
    static byte[] scratch(ByteBuf in) {
        byte[] b = SCRATCH.get();
        in.getBytes(in.readerIndex(), b, 0, Math.min(in.readableBytes(), b.length));
        return b;
    }

    /**
     * Reads the fields of {@code b[p, n)} into {@code into} up to and including the blank line; the
     * index after it, or -1 when the block is not whole within {@code n} or not plain.
     */
    int read(byte[] b, int p, int n, HttpHeaders into) {
        FieldList list = into instanceof FieldList l ? l : null;
        contentLength = -1;
        transferEncoding = false;
        hosts = 0;
        for (int field = 0; ; field++) {
            if (p + 1 >= n) {
                return -1;
            }
            if (b[p] == '\r') {
                return b[p + 1] == '\n' ? p + 2 : -1;
            }
            int nameStart = p;
            while (p < n && isToken(b[p])) {
                p++;
            }
            if (p == nameStart || p >= n || b[p] != ':') {
                return -1;
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
                    return -1;
                }
            }
            if (p + 1 >= n || b[p + 1] != '\n') {
                return -1;
            }
            p += 2;
            CharSequence name = name(field, b, nameStart, nameEnd - nameStart);
            String value = value(field, b, valueStart, valueEnd - valueStart);
            note(name, value);
            if (list != null) {
                list.addParsed(name, value);
            } else {
                into.add(name, value);
            }
        }
    }

    private void note(CharSequence name, String value) {
        if (isNamed(name, HttpHeaderNames.CONTENT_LENGTH)) {
            contentLength = contentLength == -1 ? length(value) : -2;
        } else if (isNamed(name, HttpHeaderNames.TRANSFER_ENCODING)) {
            transferEncoding = true;
        } else if (isNamed(name, HttpHeaderNames.HOST)) {
            hosts++;
        }
    }

    private CharSequence name(int field, byte[] b, int start, int length) {
        AsciiString common = HeaderNames.common(b, start, length);
        if (common != null) {
            return common;
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
    static boolean sameText(CharSequence s, byte[] b, int start, int length) {
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

    /** A {@code Content-Length} of digits only (at most 15), or -2. */
    private static long length(String value) {
        int n = value.length();
        if (n == 0 || n > MAX_LENGTH_DIGITS) {
            return -2;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -2;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static boolean isToken(byte c) {
        return c >= 0 && TOKEN[c];
    }

    static boolean isOws(byte c) {
        return c == ' ' || c == '\t';
    }
}
