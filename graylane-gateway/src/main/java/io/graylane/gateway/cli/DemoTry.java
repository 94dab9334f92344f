package io.graylane.gateway.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request {@code graylane demo} suggests, with what it shows: the first line of the answer (the
 * version chain) and, for {@code curl -i}, the debug header. Tests send each one to a running demo
 * and hold it to what is printed. Immutable.
 *
 * @param curlOptions curl's options for the request, e.g. {@code -H}, {@code X-User-Group: beta},
 *                    {@code --cookie}, {@code canary=1}
 * @param path        the path asked for
 * @param chain       the first line of the answer
 * @param debug       the {@code X-Graylane-Debug} value to point out (the line uses {@code curl -si}),
 *                    or {@code null}
 * @param why         why, in a few words, or {@code null}
 */
record DemoTry(List<String> curlOptions, String path, String chain, String debug, String why) {

    private static final String FALLBACK = "frontend v2 → orders v1 (fallback: canary: no instances)";

    /** The suggestions, in the order printed. */
    static final List<DemoTry> ALL = List.of(
            new DemoTry(List.of(), "/frontend", "frontend v1 → orders v1", null,
                    "no rule matches: lane stable"),
            new DemoTry(List.of("-H", "X-User-Group: beta"), "/frontend", FALLBACK, null,
                    "rule beta-users: lane canary"),
            new DemoTry(List.of("--cookie", "canary=1"), "/frontend", FALLBACK, null,
                    "rule canary-cookie"),
            new DemoTry(List.of("-H", "X-User-ID: victor"), "/frontend", FALLBACK, null,
                    "victor is in the sticky 5 % (bucket 1), every time"),
            new DemoTry(List.of("-H", "X-User-ID: alice"), "/frontend", "frontend v1 → orders v1", null,
                    "alice is not (bucket 3405), every time"),
            new DemoTry(List.of("-H", "X-User-Group: beta"), "/orders", "orders v1",
                    "lane=canary; source=rule; rule=beta-users; served=stable; fallback=\"canary: no instances\"; "
                            + "instance=orders-v1", null),
            new DemoTry(List.of("-H", "X-Graylane-Lane: canary"), "/frontend", FALLBACK, null,
                    "kept: the demo trusts 127.0.0.1, see below"));

    DemoTry {
        curlOptions = List.copyOf(curlOptions);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(chain, "chain");
    }

    /** {@code curl -s -H 'X-User-Group: beta' http://127.0.0.1:8080/frontend}. */
    String curl(URI gateway) {
        StringBuilder sb = new StringBuilder(debug == null ? "curl -s" : "curl -si");
        for (int i = 0; i < curlOptions.size(); i += 2) {
            sb.append(' ').append(curlOptions.get(i)).append(' ');
            String value = curlOptions.get(i + 1);
            sb.append(value.contains(" ") ? "'" + value + "'" : value);
        }
        return sb.append(' ').append(gateway.resolve(path)).toString();
    }

    /** What the answer shows: {@code frontend v1 → orders v1 — no rule matches: lane stable}. */
    String shows() {
        StringBuilder sb = new StringBuilder(chain);
        if (debug != null) {
            sb.append(", X-Graylane-Debug: ").append(debug);
        }
        if (why != null) {
            sb.append(" — ").append(why);
        }
        return sb.toString();
    }

    /** The request headers curl sends for {@link #curlOptions()}. */
    Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < curlOptions.size(); i += 2) {
            String value = curlOptions.get(i + 1);
            if (curlOptions.get(i).equals("--cookie")) {
                headers.put("Cookie", value);
            } else {
                int colon = value.indexOf(':');
                headers.put(value.substring(0, colon).strip(), value.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    /** The lines {@code graylane demo} prints for all of {@code tries}, comments aligned. */
    static List<String> render(List<DemoTry> tries, URI gateway) {
        int width = tries.stream().mapToInt(t -> t.curl(gateway).length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (DemoTry t : tries) {
            String curl = t.curl(gateway);
            lines.add("  " + curl + " ".repeat(width - curl.length()) + "  # " + t.shows());
        }
        return lines;
    }
}
