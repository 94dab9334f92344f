package io.graylane.gateway.proxy.internal;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;

/**
 * What may travel in a request's trailers. Trailers are relayed between HTTP/1.1 (chunked) and HTTP/2
 * (a trailing HEADERS frame) in either direction; fields that frame the message, route it or are
 * hop-by-hop have no business there (RFC 9110 6.5.1) and are removed before they go on. Obsolete line
 * folding in HTTP/1.1 trailers has been replaced by a space by the decoder, which RFC 9112 5.2
 * allows, and the trailers are written anew, so no fold reaches the upstream. Stateless.
 */
final class Trailers {

    private static final AsciiString[] NOT_IN_TRAILERS = {
            HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.HOST,
            HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.CONTENT_ENCODING, HttpHeaderNames.CONTENT_RANGE,
            HttpHeaderNames.CONNECTION, ForwardHeaders.KEEP_ALIVE, ForwardHeaders.PROXY_CONNECTION,
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE, ForwardHeaders.HTTP2_SETTINGS,
            HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.COOKIE, HttpHeaderNames.EXPECT,
    };

    /**
     * The decoders' trailers maps: {@link FieldList}s checked as Netty's trailers are
     * ({@link DefaultHttpHeadersFactory#trailersFactory()}). Every message with a body ends in a
     * {@code LastHttpContent} that gets one, nearly always empty: an empty list holds no array.
     */
    static final HttpHeadersFactory FACTORY = FieldList.factory(DefaultHttpHeadersFactory.trailersFactory());

    private Trailers() {
    }

    /** Removes from {@code trailers} the fields that must not be trailers. */
    static void sanitize(HttpHeaders trailers) {
        for (AsciiString name : NOT_IN_TRAILERS) {
            trailers.remove(name);
        }
    }
}
