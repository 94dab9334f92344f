package io.graylane.gateway.explain;

import io.graylane.core.rule.MapRequestView;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Turns {@code explain}'s request options into a request view, with errors that name the option. */
public final class RequestOptions {

    private RequestOptions() {
    }

    public static MapRequestView build(String method, String path, List<String> headers, List<String> cookies,
                                       List<String> query, String clientIp) {
        MapRequestView.Builder b = MapRequestView.builder();
        if (method == null || method.isEmpty() || !method.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("--method: " + method + " (expected: a method such as GET)");
        }
        b.method(method.toUpperCase(Locale.ROOT));
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            for (String pair : p.substring(q + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String k = eq < 0 ? pair : pair.substring(0, eq);
                    String v = eq < 0 ? "" : pair.substring(eq + 1);
                    b.query(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
                }
            }
            p = p.substring(0, q);
        }
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException("--path: " + path + " (expected: a path starting with '/')");
        }
        b.path(p);
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("-H: " + h + " (expected: 'Name: value')");
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            b.header(name, value);
            if (name.equalsIgnoreCase("cookie")) {
                // A Cookie header given with -H feeds cookie conditions, as it would on the wire.
                for (String crumb : value.split(";")) {
                    int eq = crumb.indexOf('=');
                    if (eq > 0) {
                        b.cookie(crumb.substring(0, eq).trim(), crumb.substring(eq + 1).trim());
                    }
                }
            }
        }
        for (String c : cookies) {
            String[] kv = pair("--cookie", c);
            b.cookie(kv[0], kv[1]);
        }
        for (String qp : query) {
            String[] kv = pair("--query", qp);
            b.query(kv[0], kv[1]);
        }
        if (clientIp != null) {
            try {
                b.clientAddress(clientIp);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--client-ip: " + clientIp + " (expected: an IPv4 or IPv6 address)");
            }
        }
        return b.build();
    }

    private static String[] pair(String option, String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(option + ": " + text + " (expected: NAME=VALUE)");
        }
        return new String[] {text.substring(0, eq), text.substring(eq + 1)};
    }
}
