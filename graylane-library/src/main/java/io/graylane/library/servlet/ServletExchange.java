package io.graylane.library.servlet;

import io.graylane.core.chain.Attributes;
import io.graylane.core.chain.Exchange;
import io.graylane.core.chain.Headers;
import io.graylane.core.net.Cidr;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
    private final InetAddress clientAddress;
    private final byte[] clientAddressBytes;
    private Attributes attributes;
    private String lane;

    ServletExchange(HttpServletRequest request) {
        String m = request.getMethod();
        this.method = m == null || m.isEmpty() ? "GET" : m.toUpperCase(Locale.ROOT);
        String uri = request.getRequestURI();
        this.path = uri == null || !uri.startsWith("/") ? "/" : uri;
        this.queryString = request.getQueryString();
        this.headers = new ServletHeaders(request);
        this.clientAddress = peer(request.getRemoteAddr());
        this.clientAddressBytes = clientAddress == null ? null : clientAddress.getAddress();
    }

    private static InetAddress peer(String peer) {
        if (peer == null || peer.isEmpty()) {
            return null;
        }
        try {
            return Cidr.parseAddress(peer.startsWith("[") && peer.endsWith("]") ? peer.substring(1, peer.length() - 1) : peer,
                    "clientAddress");
        } catch (IllegalArgumentException e) {
            // Not an IP literal (a container behind a Unix socket, say): the peer is unknown and untrusted.
            log.debug("request peer {} is not an IP literal; treated as unknown", peer);
            return null;
        }
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
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    String value = pair.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value;
                }
            }
        }
        return null;
    }

    @Override
    public InetAddress clientAddress() {
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
                + " from " + (clientAddress == null ? "?" : clientAddress.getHostAddress())
                + " lane=" + lane + " headers=" + headers;
    }
}
