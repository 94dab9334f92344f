package io.graylane.core.trust;

/** Formats raw IP addresses for messages: IPv4 dotted, IPv6 in RFC 5952 short form. */
final class Addresses {

    private Addresses() {
    }

    static String format(byte[] a) {
        if (a == null) {
            return "(unknown)";
        }
        if (a.length == 4) {
            return ipv4(a, 0);
        }
        if (a.length != 16) {
            return "(invalid address)";
        }
        if (isV4Mapped(a)) {
            return ipv4(a, 12); // as Java itself shows ::ffff:a.b.c.d peers
        }
        // RFC 5952: the longest run (first on a tie) of two or more zero groups becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (group(a, i) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && group(a, j) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(a, i)));
        }
        return sb.toString();
    }

    private static int group(byte[] a, int i) {
        return ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
    }

    private static String ipv4(byte[] a, int offset) {
        return (a[offset] & 0xFF) + "." + (a[offset + 1] & 0xFF) + "." + (a[offset + 2] & 0xFF) + "." + (a[offset + 3] & 0xFF);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }
}
