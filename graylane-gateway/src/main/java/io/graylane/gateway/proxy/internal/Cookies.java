package io.graylane.gateway.proxy.internal;

/**
 * Reads one cookie from a {@code Cookie} header line ({@code a=1; b="two"}) without parsing the
 * others: allocation-free until the value is found. Pairs without {@code =} are skipped; a quoted
 * value loses its quotes. Names compare case-sensitively. Stateless.
 */
final class Cookies {

    private Cookies() {
    }

    /** The value of cookie {@code name} in {@code line}, or {@code null}. */
    static String find(String line, String name) {
        int n = line.length();
        int from = 0;
        while (from < n) {
            int end = line.indexOf(';', from);
            if (end < 0) {
                end = n;
            }
            int s = skipSpace(line, from, end);
            int eq = line.indexOf('=', s);
            if (eq >= 0 && eq < end) {
                int nameEnd = trimSpace(line, s, eq);
                if (nameEnd - s == name.length() && line.regionMatches(s, name, 0, name.length())) {
                    int vs = skipSpace(line, eq + 1, end);
                    int ve = trimSpace(line, vs, end);
                    if (ve - vs >= 2 && line.charAt(vs) == '"' && line.charAt(ve - 1) == '"') {
                        vs++;
                        ve--;
                    }
                    return line.substring(vs, ve);
                }
            }
            from = end + 1;
        }
        return null;
    }

    private static int skipSpace(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimSpace(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }
}
