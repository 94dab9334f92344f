package io.graylane.gateway.proxy.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;

import java.util.List;

/**
 * Header rewriting between hops, done in place on Netty's header maps (no copies): hop-by-hop
 * headers out, {@code X-Forwarded-*} in. {@code Transfer-Encoding} is not touched: the decoder took
 * the body's framing off and the encoder puts it back from that header. Stateless.
 */
final class ForwardHeaders {

    static final AsciiString X_FORWARDED_FOR = HeaderNames.X_FORWARDED_FOR;
    static final AsciiString X_FORWARDED_PROTO = HeaderNames.X_FORWARDED_PROTO;
    static final AsciiString X_FORWARDED_HOST = HeaderNames.X_FORWARDED_HOST;
    /** The Keep-Alive header (Netty deprecates its constant, as the header is obsolete; it is still sent). */
    static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    static final AsciiString HTTP2_SETTINGS = AsciiString.cached("http2-settings");
    private static final AsciiString HTTP = AsciiString.cached("http");

    /** RFC 9110 7.6.1 hop-by-hop fields, plus the non-standard Proxy-Connection and h2c's HTTP2-Settings. */
    private static final AsciiString[] HOP_BY_HOP = {
            HttpHeaderNames.CONNECTION, KEEP_ALIVE, PROXY_CONNECTION, HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE, HTTP2_SETTINGS,
    };

    /** {@link #frameResponse} flag: the upstream connection cannot carry another request. */
    static final int UPSTREAM_NOT_REUSABLE = 1;
    /** {@link #frameResponse} flag: the client connection must close after this response. */
    static final int CLOSE_CLIENT = 2;

    private ForwardHeaders() {
    }

    /**
     * Decides how a relayed response's body is framed for the client. A body that ends with the
     * upstream's close is re-framed as chunked for HTTP/1.1 clients (their connection stays
     * reusable); HTTP/1.0 clients know no chunked coding, so their body ends with the connection.
     *
     * @param response     the upstream's response head (hop-by-hop headers already removed)
     * @param keepAlive    whether the upstream allowed keep-alive (read before {@code Connection} was removed)
     * @param headRequest  whether it answers a HEAD request (no body, whatever the headers say)
     * @param http10Client whether the client spoke HTTP/1.0
     * @return {@link #UPSTREAM_NOT_REUSABLE} and {@link #CLOSE_CLIENT} flags
     */
    static int frameResponse(HttpResponse response, boolean keepAlive, boolean headRequest, boolean http10Client) {
        int code = response.status().code();
        int flags = keepAlive ? 0 : UPSTREAM_NOT_REUSABLE;
        boolean noBody = headRequest || code == 204 || code == 304;
        if (!noBody && !HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response)) {
            flags |= UPSTREAM_NOT_REUSABLE;
            if (http10Client) {
                flags |= CLOSE_CLIENT;
            } else {
                HttpUtil.setTransferEncodingChunked(response, true);
            }
        }
        if (http10Client && HttpUtil.isTransferEncodingChunked(response)) {
            response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            flags |= CLOSE_CLIENT;
        }
        return flags;
    }

    /**
     * Removes the hop-by-hop headers and every header the {@code Connection} header names, except
     * those that frame the body or name the target ({@code Content-Length}, {@code Transfer-Encoding},
     * {@code Host}): a peer must not be able to unframe a message by listing them.
     */
    static void removeHopByHop(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            List<String> lines = headers.getAll(HttpHeaderNames.CONNECTION);
            for (int i = 0, n = lines.size(); i < n; i++) {
                removeNominated(headers, lines.get(i));
            }
        }
        for (AsciiString name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }

    private static void removeNominated(HttpHeaders headers, String line) {
        int n = line.length();
        for (int from = 0; from < n; ) {
            int comma = line.indexOf(',', from);
            int end = comma < 0 ? n : comma;
            int s = from;
            while (s < end && (line.charAt(s) == ' ' || line.charAt(s) == '\t')) {
                s++;
            }
            int e = end;
            while (e > s && (line.charAt(e - 1) == ' ' || line.charAt(e - 1) == '\t')) {
                e--;
            }
            if (e > s && !isProtected(line, s, e)) {
                headers.remove(line.substring(s, e));
            }
            from = end + 1;
        }
    }

    /** close and keep-alive are options, not header names; the framing headers and Host are never removed. */
    private static boolean isProtected(String s, int from, int to) {
        return is(s, from, to, "close") || is(s, from, to, "keep-alive")
                || is(s, from, to, "content-length") || is(s, from, to, "transfer-encoding") || is(s, from, to, "host");
    }

    private static boolean is(String s, int from, int to, String name) {
        return to - from == name.length() && s.regionMatches(true, from, name, 0, name.length());
    }

    /**
     * Whether {@code name} is a header the gateway sets itself on what it writes: hop-by-hop headers
     * and the body's framing ({@code Content-Length}, {@code Transfer-Encoding}).
     */
    static boolean isManagedByGateway(String name) {
        int n = name.length();
        if (is(name, 0, n, "content-length") || is(name, 0, n, "transfer-encoding")) {
            return true;
        }
        for (AsciiString h : HOP_BY_HOP) {
            if (h.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends the client to {@code X-Forwarded-For} (one line, comma-joined, so that readers of the
     * first line see the whole list) and sets {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}.
     *
     * @param clientIp the TCP peer's address text
     * @param host     the Host the client asked for, or {@code null} (HTTP/1.0 without Host)
     */
    static void addForwarded(HttpHeaders headers, String clientIp, String host) {
        String prior = headers.get(X_FORWARDED_FOR);
        if (prior == null) {
            headers.set(X_FORWARDED_FOR, clientIp);
        } else {
            List<String> lines = headers.getAll(X_FORWARDED_FOR);
            StringBuilder sb = new StringBuilder(prior.length() + clientIp.length() + 16);
            for (int i = 0, n = lines.size(); i < n; i++) {
                sb.append(lines.get(i)).append(", ");
            }
            headers.set(X_FORWARDED_FOR, sb.append(clientIp).toString());
        }
        headers.set(X_FORWARDED_PROTO, HTTP);
        if (host != null) {
            headers.set(X_FORWARDED_HOST, host);
        } else {
            headers.remove(X_FORWARDED_HOST);
        }
    }
}
