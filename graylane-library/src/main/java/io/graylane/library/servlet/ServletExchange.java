package io.graylane.library.servlet;

import io.graylane.core.chain.Attributes;
import io.graylane.core.chain.Exchange;
import io.graylane.core.chain.Headers;
import io.graylane.core.net.Cidr;
import io.graylane.core.rule.QueryStrings;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.Locale;

/**
 * The chain's exchange of a servlet request: method, raw path, raw query string, the TCP peer, and the
 * request's headers through a {@link ServletHeaders} view (copied only when trust or middleware change
 * one; the application then sees the changed headers). Reads no parameters, so a form body is never
 * consumed. Used by one request at a time; not thread-safe.
 */
final class ServletExchange implements Exchange {

    private static final Logger log = LoggerFactory.getLogger(ServletExchange.class);

    private final String method;
    private final String path;
    private final String queryString;
    private final ServletHeaders headers;
    private final byte[] clientAddressBytes;
    private InetAddress clientAddress; // made from the bytes on first use
    private Attributes attributes;
    private String lane;

    ServletExchange(HttpServletRequest request) {
        String m = request.getMethod();
        this.method = m == null || m.isEmpty() ? "GET" : m.toUpperCase(Locale.ROOT);
        String uri = request.getRequestURI();
        this.path = uri == null || !uri.startsWith("/") ? "/" : uri;
        this.queryString = request.getQueryString();
        this.headers = new ServletHeaders(request);
        this.clientAddressBytes = peer(request.getRemoteAddr());
    }

    /** The peer's address bytes ({@link Cidr#parseLiteral}; brackets around an IPv6 literal allowed), or null. */
    static byte[] peer(String peer) {
        if (peer == null || peer.isEmpty()) {
            return null;
        }
        String literal = peer.startsWith("[") && peer.endsWith("]") ? peer.substring(1, peer.length() - 1) : peer;
        byte[] bytes = Cidr.parseLiteral(literal);
        if (bytes == null) {
            // Not an IP literal (a container behind a Unix socket, say): the peer is unknown and untrusted.
            log.debug("request peer {} is not an IP literal; treated as unknown", peer);
        }
        return bytes;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String queryString() {
        return queryString;
    }

    @Override
    public String query(String name) {
        return QueryStrings.parameter(queryString, name);
    }

    @Override
    public Headers headers() {
        return headers;
    }

    /** The header view, to tell whether it was changed. */
    ServletHeaders servletHeaders() {
        return headers;
    }

    @Override
    public String cookie(String name) {
        for (String header : headers.getAll("Cookie")) {
            String value = cookieIn(header, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * The value of cookie {@code name} in one {@code Cookie} header ({@code a=1; b="2"}), trimmed and
     * unquoted, or {@code null}; scans in place, so only the value found is allocated.
     */
    static String cookieIn(String header, String name) {
        int n = header.length();
        int start = 0;
        while (start <= n) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = n;
            }
            int eq = header.indexOf('=', start);
            if (eq > start && eq < end) {
                int ks = start;
                int ke = eq;
                while (ks < ke && header.charAt(ks) <= ' ') {
                    ks++;
                }
                while (ke > ks && header.charAt(ke - 1) <= ' ') {
                    ke--;
                }
                if (ke - ks == name.length() && header.regionMatches(ks, name, 0, name.length())) {
                    String value = header.substring(eq + 1, end).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value;
                }
            }
            start = end + 1;
        }
        return null;
    }

    @Override
    public InetAddress clientAddress() {
        if (clientAddress == null && clientAddressBytes != null) {
            try {
                clientAddress = InetAddress.getByAddress(clientAddressBytes);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
            }
        }
        return clientAddress;
    }

    /** The client address bytes, kept at construction so CIDR checks allocate nothing; do not modify. */
    @Override
    public byte[] clientAddressBytes() {
        return clientAddressBytes;
    }

    @Override
    public String lane() {
        return lane;
    }

    @Override
    public void setLane(String lane) {
        this.lane = lane;
    }

    @Override
    public Attributes attributes() {
        if (attributes == null) {
            attributes = new Attributes();
        }
        return attributes;
    }

    @Override
    public String toString() {
        return method + " " + path + (queryString == null ? "" : "?" + queryString)
                + " from " + (clientAddress() == null ? "?" : clientAddress().getHostAddress())
                + " lane=" + lane + " headers=" + headers;
    }
}
