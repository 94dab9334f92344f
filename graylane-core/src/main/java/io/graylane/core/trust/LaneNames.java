package io.graylane.core.trust;

/** Quoting of lane values and names for messages. Stateless. */
final class LaneNames {

    private LaneNames() {
    }

    /** {@code s} quoted for a message: shortened, with control and non-ASCII characters escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 64) + 8).append('"');
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(s.length() > 64 ? "\"..." : "\"").toString();
    }
}
