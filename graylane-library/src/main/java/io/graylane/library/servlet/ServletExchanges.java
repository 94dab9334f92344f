package io.graylane.library.servlet;

import io.graylane.core.chain.SimpleExchange;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Enumeration;

/**
 * Makes the chain's exchange of a servlet request: method, raw path, raw query string, the TCP peer and a
 * copy of the headers (which trust and middleware edit and the application then sees). Reads no
 * parameters, so a form body is never consumed. Stateless.
 */
final class ServletExchanges {

    private static final Logger log = LoggerFactory.getLogger(ServletExchanges.class);

    private ServletExchanges() {
    }

    static SimpleExchange of(HttpServletRequest request) {
        SimpleExchange.Builder b = SimpleExchange.builder()
                .method(request.getMethod())
                .path(pathOf(request.getRequestURI()))
                .queryString(request.getQueryString());
        String peer = request.getRemoteAddr();
        if (peer != null && !peer.isEmpty()) {
            try {
                b.clientAddress(peer.startsWith("[") && peer.endsWith("]") ? peer.substring(1, peer.length() - 1) : peer);
            } catch (IllegalArgumentException e) {
                // Not an IP literal (a container behind a Unix socket, say): the peer is unknown and untrusted.
                log.debug("request peer {} is not an IP literal; treated as unknown", peer);
            }
        }
        for (Enumeration<String> names = request.getHeaderNames(); names != null && names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                String value = values.nextElement();
                try {
                    b.header(name, value);
                } catch (IllegalArgumentException e) {
                    log.debug("request header {} dropped from Graylane's view: {}", name, e.getMessage());
                }
            }
        }
        return b.build();
    }

    private static String pathOf(String uri) {
        return uri == null || !uri.startsWith("/") ? "/" : uri;
    }
}
