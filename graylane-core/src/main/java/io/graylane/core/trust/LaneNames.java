package io.graylane.core.trust;

/**
 * The lane-name syntax of {@link io.graylane.core.model.Lane#isValidName} ({@code
 * [A-Za-z0-9][A-Za-z0-9._-]{0,62}}) checked over a region of a string without a regex matcher, so
 * the trusted-peer path allocates nothing. A test keeps the two in agreement.
 */
final class LaneNames {

    static final int MAX_LENGTH = 63;

    private LaneNames() {
    }

    /** Whether {@code s[from, to)} is a valid lane name. */
    static boolean isValid(String s, int from, int to) {
        int length = to - from;
        if (length < 1 || length > MAX_LENGTH || !isAlphanumeric(s.charAt(from))) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!isAlphanumeric(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
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
