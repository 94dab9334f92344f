package io.graylane.consul.internal;

import java.nio.charset.StandardCharsets;

/** Makes Consul's error bodies fit for an exception message: one line, trimmed, capped. Stateless. */
public final class ErrorBodies {

    /** Longest body kept in a message. */
    public static final int MAX_CHARS = 512;

    private ErrorBodies() {
    }

    /** {@code body} as one trimmed line of at most {@link #MAX_CHARS} characters (then "…"). */
    public static String summarize(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        int len = Math.min(body.length, MAX_CHARS * 4);
        String s = new String(body, 0, len, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_CHARS + 1));
        boolean space = false;
        for (int i = 0; i < s.length() && out.length() <= MAX_CHARS; i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        if (out.length() > MAX_CHARS || body.length > len) {
            out.setLength(Math.min(out.length(), MAX_CHARS));
            out.append('…');
        }
        return out.toString();
    }
}
