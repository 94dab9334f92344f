package io.graylane.core.rule;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a sticky split reads its key: {@code header:X-User-ID}, {@code cookie:uid} or
 * {@code query:user}.
 *
 * @param source where to read
 * @param name   header, cookie or query parameter name
 */
public record StickyKey(Source source, String name) {

    /** Where a key comes from. */
    public enum Source { HEADER, COOKIE, QUERY }

    public StickyKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("key: " + source.name().toLowerCase(Locale.ROOT)
                    + ": (expected: a name after the colon)");
        }
    }

    /** Parses {@code header:NAME}, {@code cookie:NAME} or {@code query:NAME}. */
    public static StickyKey parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon > 0) {
            String src = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String name = text.substring(colon + 1).trim();
            Source s = switch (src) {
                case "header" -> Source.HEADER;
                case "cookie" -> Source.COOKIE;
                case "query" -> Source.QUERY;
                default -> null;
            };
            if (s != null && !name.isEmpty()) {
                return new StickyKey(s, name);
            }
        }
        throw new IllegalArgumentException("key: " + text
                + " (expected: header:NAME, cookie:NAME or query:NAME)");
    }

    /** The key's value in {@code request}, or {@code null}. */
    public String read(RequestView request) {
        return switch (source) {
            case HEADER -> request.header(name);
            case COOKIE -> request.cookie(name);
            case QUERY -> request.query(name);
        };
    }

    @Override
    public String toString() {
        return source.name().toLowerCase(Locale.ROOT) + ":" + name;
    }
}
