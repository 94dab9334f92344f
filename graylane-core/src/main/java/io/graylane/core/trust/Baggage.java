package io.graylane.core.trust;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads and writes one member of a W3C {@code baggage} header value
 * ({@code graylane.lane=canary,userId=alice;prop=1}): members separated by {@code ,}, optional
 * properties after {@code ;}, whitespace around separators ignored, values percent-encoded (UTF-8).
 * Malformed members are skipped when reading and kept as they are when writing; nothing here throws
 * on hostile header values. Keys compare case-sensitively. Stateless and thread-safe.
 */
public final class Baggage {

    /** The header name. */
    public static final String HEADER = "baggage";

    private Baggage() {
    }

    /**
     * The decoded value of the first well-formed member {@code key} in {@code header}, without its
     * properties, or {@code null} when there is none (or {@code header} is {@code null}). Allocates
     * nothing when the member is absent.
     */
    public static String readMember(String header, String key) {
        if (header == null || key == null || key.isEmpty()) {
            return null;
        }
        int n = header.length();
        for (int from = 0; from <= n; ) {
            int to = header.indexOf(',', from);
            if (to < 0) {
                to = n;
            }
            int s = skipOws(header, from, to);
            int e = trimOws(header, s, to);
            int eq = keyEnd(header, s, e, key);
            if (eq >= 0) {
                int valueEnd = indexOf(header, ';', eq + 1, e);
                int vs = skipOws(header, eq + 1, valueEnd);
                String value = decode(header, vs, trimOws(header, vs, valueEnd));
                if (value != null) {
                    return value;
                }
            }
            from = to + 1;
        }
        return null;
    }

    /**
     * {@code header} with member {@code key} set to {@code value} (percent-encoded): the first
     * member of that key is replaced in place (its properties dropped), later ones removed; when
     * there is none, the member is appended. Other members are kept as they are.
     *
     * @throws IllegalArgumentException when {@code key} is not a token
     */
    public static String withMember(String header, String key, String value) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        String member = key + "=" + encode(value);
        if (header == null) {
            return member;
        }
        StringBuilder sb = new StringBuilder(header.length() + member.length() + 1);
        boolean replaced = false;
        int n = header.length();
        for (int from = 0; from <= n; ) {
            int to = header.indexOf(',', from);
            if (to < 0) {
                to = n;
            }
            int s = skipOws(header, from, to);
            int e = trimOws(header, s, to);
            if (e > s) {
                if (keyEnd(header, s, e, key) < 0) {
                    append(sb, header, s, e);
                } else if (!replaced) {
                    append(sb, member, 0, member.length());
                    replaced = true;
                }
            }
            from = to + 1;
        }
        if (!replaced) {
            append(sb, member, 0, member.length());
        }
        return sb.toString();
    }

    /**
     * {@code header} without any member {@code key}: the same instance when there is none, {@code
     * null} when no member is left (remove the header then).
     */
    public static String withoutMember(String header, String key) {
        if (header == null || key == null || key.isEmpty()) {
            return header;
        }
        StringBuilder sb = null;
        int n = header.length();
        for (int from = 0; from <= n; ) {
            int to = header.indexOf(',', from);
            if (to < 0) {
                to = n;
            }
            int s = skipOws(header, from, to);
            int e = trimOws(header, s, to);
            if (keyEnd(header, s, e, key) >= 0) {
                if (sb == null) {
                    // First match: copy the members before it, normalised like the rest.
                    sb = new StringBuilder(header.length());
                    copyMembers(sb, header, 0, from);
                }
            } else if (sb != null && e > s) {
                append(sb, header, s, e);
            }
            from = to + 1;
        }
        if (sb == null) {
            return header;
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static void copyMembers(StringBuilder sb, String header, int from, int to) {
        while (from < to) {
            int end = header.indexOf(',', from);
            if (end < 0 || end > to) {
                end = to;
            }
            int s = skipOws(header, from, end);
            int e = trimOws(header, s, end);
            if (e > s) {
                append(sb, header, s, e);
            }
            from = end + 1;
        }
    }

    private static void append(StringBuilder sb, String s, int from, int to) {
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append(s, from, to);
    }

    /** The index of '=' when member {@code [s, e)} has key {@code key}, else -1. */
    private static int keyEnd(String h, int s, int e, String key) {
        int eq = indexOf(h, '=', s, e);
        if (eq == e) {
            return -1;
        }
        int keyEnd = trimOws(h, s, eq);
        return keyEnd - s == key.length() && h.regionMatches(s, key, 0, key.length()) ? eq : -1;
    }

    /** First index of {@code c} in {@code s[from, to)}, else {@code to}: bounded, so hostile headers stay linear. */
    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return to;
    }

    private static int skipOws(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimOws(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }

    /** W3C baggage-octet: printable ASCII except space, {@code "}, {@code ,}, {@code ;} and {@code \}. */
    private static boolean isBaggageOctet(int c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A)
                || (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
    }

    /** Percent-decodes {@code s[from, to)} as UTF-8; {@code null} when it is not a valid value. */
    private static String decode(String s, int from, int to) {
        boolean escaped = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isBaggageOctet(c)) {
                return null;
            }
            escaped |= c == '%';
        }
        if (!escaped) {
            return s.substring(from, to);
        }
        byte[] bytes = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < to ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String encode(String value) {
        ByteBuffer utf8;
        try {
            utf8 = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("value: not valid UTF-16 (a lone surrogate)", e);
        }
        StringBuilder sb = new StringBuilder(value.length() + 8);
        while (utf8.hasRemaining()) {
            int b = utf8.get() & 0xFF;
            if (isBaggageOctet(b) && b != '%') {
                sb.append((char) b);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        boolean ok = !key.isEmpty();
        for (int i = 0; ok && i < key.length(); i++) {
            char c = key.charAt(i);
            ok = c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
        if (!ok) {
            throw new IllegalArgumentException("key: " + LaneNames.quote(key) + " (expected: a baggage key token)");
        }
    }
}
