package io.graylane.core.rule;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reading one parameter out of a raw query string, as {@link RequestView#query} implementations need
 * it: pairs split on {@code &}, names and values URL-decoded (UTF-8), the first readable match wins; a
 * pair with a malformed escape is skipped rather than failing the request. Stateless.
 */
public final class QueryStrings {

    private QueryStrings() {
    }

    /**
     * The decoded value of the first parameter named {@code name} in {@code queryString} (without the
     * leading {@code ?}); {@code ""} for a bare {@code name}; {@code null} when absent or unreadable.
     */
    public static String parameter(String queryString, String name) {
        if (queryString == null || queryString.isEmpty()) {
            return null;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name.equals(key)) {
                String value = decode(eq < 0 ? "" : pair.substring(eq + 1));
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null; // a malformed escape makes the parameter unreadable, not the request
        }
    }
}
