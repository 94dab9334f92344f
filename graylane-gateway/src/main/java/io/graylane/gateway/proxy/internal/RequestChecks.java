package io.graylane.gateway.proxy.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeaderValues;

/**
 * Checks on a decoded request that Netty's codec does not make. Stateless.
 */
final class RequestChecks {

    private RequestChecks() {
    }

    /**
     * Whether {@code host} is a syntactically valid Host value: a registered name, IPv4 or bracketed
     * IPv6 literal, optionally with a port; no user info, path or whitespace.
     */
    static boolean isValidHost(String host) {
        int n = host.length();
        if (n == 0 || n > 255) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '[' || c == ']'
                    || c == '%' || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')'
                    || c == '*' || c == '+' || c == ',' || c == ';' || c == '=';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the request's {@code Transfer-Encoding}, if any, is exactly {@code chunked}. The codec
     * accepts any codings with {@code chunked} last ({@code gzip, chunked}); forwarding codings the
     * upstream may not implement invites disagreement about where the body ends, so only plain
     * {@code chunked} is relayed (RFC 9112 6.1: answer 501 otherwise).
     */
    static boolean hasSupportedTransferEncoding(HttpHeaders headers) {
        String te = headers.get(HttpHeaderNames.TRANSFER_ENCODING);
        return te == null || HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(te.trim());
    }
}
