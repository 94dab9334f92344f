package io.graylane.consul.internal;

import java.nio.charset.StandardCharsets;

/** Percent-encoding for Consul paths and query strings (RFC 3986 unreserved characters kept). Stateless. */
public final class UrlEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlEncoding() {
    }

    /** Encodes one path segment: every character but the unreserved ones, {@code /} included. */
    public static String segment(String s) {
        return encode(s, false);
    }

    /** Encodes a KV key, keeping {@code /} as the hierarchy separator Consul expects. */
    public static String key(String s) {
        return encode(s, true);
    }

    /** Encodes a query parameter name or value (space as {@code %20}, never {@code +}). */
    public static String query(String s) {
        return encode(s, false);
    }

    private static String encode(String s, boolean keepSlash) {
        StringBuilder out = null;
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean keep = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                    || b == '-' || b == '.' || b == '_' || b == '~' || keepSlash && b == '/';
            if (keep) {
                if (out != null) {
                    out.append((char) b);
                }
            } else {
                if (out == null) {
                    out = new StringBuilder(bytes.length + 16);
                    for (int j = 0; j < i; j++) {
                        out.append((char) bytes[j]);
                    }
                }
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out == null ? s : out.toString();
    }
}
