package io.graylane.gateway.proxy.internal;

import io.graylane.core.rule.RequestView;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A {@link RequestView} over Netty's decoded {@link HttpRequest}, reused for every request of one
 * connection: headers are read in place, never copied; the path is cut from the request target once;
 * cookies and query parameters are scanned only when a condition asks for one. {@link #reset} also
 * checks the request target. Used by the connection's event loop only.
 */
final class NettyRequestView implements RequestView {

    private final InetAddress client;
    private final byte[] clientBytes;

    private HttpHeaders headers;
    private String method;
    private String target;
    /** The path is {@code target[pathStart, pathEnd)}; the query, if any, follows the '?' at pathEnd. */
    private int pathStart;
    private int pathEnd;
    private String path;
    /** The authority of an absolute-form target ({@code http://host:port/path}), else {@code null}. */
    private String targetAuthority;

    NettyRequestView(InetAddress client) {
        this.client = client;
        this.clientBytes = client == null ? null : client.getAddress();
    }

    /**
     * A view of the current request that stays on it when this one moves to the next request of the
     * connection (a chained exchange may outlive its turn by a callback or two).
     */
    NettyRequestView copy() {
        NettyRequestView c = new NettyRequestView(client, clientBytes);
        c.headers = headers;
        c.method = method;
        c.target = target;
        c.pathStart = pathStart;
        c.pathEnd = pathEnd;
        c.path = path();
        c.targetAuthority = targetAuthority;
        return c;
    }

    private NettyRequestView(InetAddress client, byte[] clientBytes) {
        this.client = client;
        this.clientBytes = clientBytes;
    }

    /**
     * Points this view at {@code request} and checks its target.
     *
     * @return why the target is refused (answer 400), or {@code null} when it is acceptable
     */
    String reset(HttpRequest request) {
        this.headers = request.headers();
        String name = request.method().name();
        this.method = name.toUpperCase(Locale.ROOT); // the same instance when already upper case
        this.path = null;
        this.targetAuthority = null;
        String uri = request.uri();
        this.target = uri;
        int start;
        if (uri.startsWith("/")) {
            start = 0;
        } else if (uri.regionMatches(true, 0, "http://", 0, 7)) {
            int authorityEnd = 7;
            while (authorityEnd < uri.length() && "/?#".indexOf(uri.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
            targetAuthority = uri.substring(7, authorityEnd);
            if (targetAuthority.isEmpty()) {
                return "request target has no host";
            }
            if (authorityEnd == uri.length() || uri.charAt(authorityEnd) != '/') {
                // "http://host" or "http://host?q": the path is "/".
                uri = "/" + uri.substring(authorityEnd);
                this.target = uri;
                start = 0;
            } else {
                start = authorityEnd;
            }
        } else {
            return "request target must be a path starting with '/'";
        }
        pathStart = start;
        pathEnd = -1;
        int segment = start + 1;
        for (int i = start, n = uri.length(); i <= n; i++) {
            char c = i < n ? uri.charAt(i) : '/';
            if (i < n && (c <= 0x20 || c >= 0x7f || c == '#')) {
                return "invalid character in the request target";
            }
            if (pathEnd < 0) {
                if (c == '?' || i == n) {
                    pathEnd = i;
                    if (isDotSegment(uri, segment, i)) {
                        return "dot-segment ('.' or '..') in the path";
                    }
                } else if (c == '/' && i > start) {
                    if (isDotSegment(uri, segment, i)) {
                        return "dot-segment ('.' or '..') in the path";
                    }
                    segment = i + 1;
                }
            }
        }
        return null;
    }

    /** Whether {@code s[from, to)} is {@code .} or {@code ..}, plain or percent-encoded. */
    private static boolean isDotSegment(String s, int from, int to) {
        int dots = 0;
        int i = from;
        while (i < to) {
            if (s.charAt(i) == '.') {
                i++;
            } else if (i + 3 <= to && s.charAt(i) == '%' && s.charAt(i + 1) == '2'
                    && (s.charAt(i + 2) == 'e' || s.charAt(i + 2) == 'E')) {
                i += 3;
            } else {
                return false;
            }
            if (++dots > 2) {
                return false;
            }
        }
        return dots > 0;
    }

    /** The request target as sent, made origin-form (an absolute-form target loses its scheme and host). */
    String originForm() {
        return pathStart == 0 ? target : target.substring(pathStart);
    }

    /** {@link #originForm()} without the first {@code prefixLength} characters of the path, starting with '/'. */
    String originFormWithout(int prefixLength) {
        int from = pathStart + prefixLength;
        if (from >= target.length()) {
            return "/";
        }
        char c = target.charAt(from);
        return c == '/' ? target.substring(from) : "/" + target.substring(from);
    }

    /** The host of an absolute-form request target (with port, if any), else {@code null}. */
    String targetAuthority() {
        return targetAuthority;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        String p = path;
        if (p == null) {
            p = pathStart == 0 && pathEnd == target.length() ? target : target.substring(pathStart, pathEnd);
            path = p;
        }
        return p;
    }

    /** The raw query string after '?' (not decoded), or {@code null} when there is none. */
    String queryString() {
        return pathEnd >= target.length() ? null : target.substring(pathEnd + 1);
    }

    @Override
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public String cookie(String name) {
        String line = headers.get(HttpHeaderNames.COOKIE);
        if (line == null) {
            return null;
        }
        String value = Cookies.find(line, name);
        if (value != null) {
            return value;
        }
        // RFC 6265 sends one Cookie line; a client that splits them pays for the list.
        List<String> lines = headers.getAll(HttpHeaderNames.COOKIE);
        for (int i = 1; i < lines.size(); i++) {
            value = Cookies.find(lines.get(i), name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    @Override
    public String query(String name) {
        int n = target.length();
        if (pathEnd >= n) {
            return null;
        }
        for (int from = pathEnd + 1; from <= n; ) {
            int amp = target.indexOf('&', from);
            int end = amp < 0 ? n : amp;
            int eq = target.indexOf('=', from);
            int keyEnd = eq < 0 || eq > end ? end : eq;
            if (keyMatches(target, from, keyEnd, name)) {
                String value = decode(target, keyEnd == end ? end : keyEnd + 1, end);
                if (value != null) {
                    return value;
                }
            }
            if (amp < 0) {
                break;
            }
            from = amp + 1;
        }
        return null;
    }

    private static boolean keyMatches(String s, int from, int to, String name) {
        if (to - from == name.length() && s.regionMatches(from, name, 0, name.length())) {
            return true;
        }
        if (!needsDecoding(s, from, to)) {
            return false;
        }
        return name.equals(decode(s, from, to));
    }

    private static boolean needsDecoding(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                return true;
            }
        }
        return false;
    }

    /** URL-decodes {@code s[from, to)} ({@code +} is a space); {@code null} when malformed. */
    private static String decode(String s, int from, int to) {
        if (!needsDecoding(s, from, to)) {
            return s.substring(from, to);
        }
        try {
            return QueryStringDecoder.decodeComponent(s.substring(from, to), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    @Override
    public InetAddress clientAddress() {
        return client;
    }

    @Override
    public byte[] clientAddressBytes() {
        return clientBytes;
    }
}
