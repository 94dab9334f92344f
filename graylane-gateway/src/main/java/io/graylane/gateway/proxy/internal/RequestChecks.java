package io.graylane.gateway.proxy.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Checks on a decoded request that Netty's codec does not make (those of {@link StrictRequestDecoder}
 * aside): method, request target, Host value and transfer coding. Stateless.
 */
final class RequestChecks {

    /** Why a request is refused: the status and the answer's text. */
    record Refusal(HttpResponseStatus status, String reason) {
    }

    private static final Refusal CONNECT = new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not supported");
    private static final Refusal INVALID_HOST = new Refusal(HttpResponseStatus.BAD_REQUEST,
            "bad request: invalid Host header");
    private static final Refusal FOREIGN_AUTHORITY = new Refusal(HttpResponseStatus.BAD_REQUEST,
            "bad request: the request target's host does not match the Host header");
    private static final Refusal TRANSFER_CODING = new Refusal(HttpResponseStatus.NOT_IMPLEMENTED,
            "unsupported Transfer-Encoding (expected: chunked)");

    private RequestChecks() {
    }

    /** The answer to a request the decoder could not accept: 431 or 414 for oversized parts, else 400. */
    static Refusal malformed(Throwable cause, ProxyOptions options) {
        if (cause instanceof TooLongHttpHeaderException) {
            return new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "request header fields too large (at most " + options.maxHeaderSize() + " bytes)");
        }
        if (cause instanceof TooLongHttpLineException) {
            return new Refusal(HttpResponseStatus.REQUEST_URI_TOO_LONG,
                    "request line too long (at most " + options.maxInitialLineLength() + " bytes)");
        }
        return new Refusal(HttpResponseStatus.BAD_REQUEST,
                "bad request: " + (cause == null ? "malformed" : Answers.describe(cause)));
    }

    /**
     * Points {@code view} at {@code request} and checks the request.
     *
     * @return why it is refused, or {@code null} when it may be served
     */
    static Refusal check(HttpRequest request, NettyRequestView view) {
        if (HttpMethod.CONNECT.equals(request.method())) {
            return CONNECT;
        }
        String problem = view.reset(request);
        if (problem != null) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "bad request: " + problem);
        }
        HttpHeaders headers = request.headers();
        String host = headers.get(HttpHeaderNames.HOST);
        if (host != null && !isValidHost(host)) {
            return INVALID_HOST;
        }
        String authority = view.targetAuthority();
        if (authority != null && (host == null || !authority.equalsIgnoreCase(host))) {
            // Routing by one host and forwarding to another is how requests reach what they should not.
            return FOREIGN_AUTHORITY;
        }
        return hasSupportedTransferEncoding(headers) ? null : TRANSFER_CODING;
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
