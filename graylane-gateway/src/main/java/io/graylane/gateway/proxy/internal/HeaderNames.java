package io.graylane.gateway.proxy.internal;

import io.graylane.core.trust.Baggage;
import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Header names the gateway spells itself, as {@link AsciiString}s over one shared byte array, and the
 * header maps of both decoders, whose name check skips them: a name over that array is a token by
 * construction (checked once, here), so one reference comparison replaces Netty's scan of each
 * character when the gateway sets {@code X-Forwarded-*} or {@code baggage}, or when a response brings
 * a common field ({@link #RESPONSE_COMMON}). Every other name is checked as Netty checks it. Stateless.
 */
final class HeaderNames {

    private static final List<String> SPELLINGS = List.of(
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", Baggage.HEADER,
            // Response fields as common servers spell them (ClientCodec shares these instead of a new name each).
            "Content-Length", "Content-Type", "Date", "Server", "Connection", "Keep-Alive", "Transfer-Encoding",
            "Cache-Control", "content-length", "content-type", "date", "server", "connection", "keep-alive",
            "transfer-encoding", "cache-control");

    private static final byte[] BYTES;
    private static final Map<String, AsciiString> NAMES = new HashMap<>();

    static {
        StringBuilder all = new StringBuilder();
        for (String s : SPELLINGS) {
            all.append(s);
        }
        BYTES = all.toString().getBytes(StandardCharsets.US_ASCII);
        int offset = 0;
        for (String s : SPELLINGS) {
            AsciiString name = new AsciiString(BYTES, offset, s.length(), false);
            if (HttpHeaderValidationUtil.validateToken(name) != -1) {
                throw new ExceptionInInitializerError("not a header name: " + s);
            }
            NAMES.put(s, name);
            offset += s.length();
        }
    }

    static final AsciiString X_FORWARDED_FOR = NAMES.get("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = NAMES.get("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = NAMES.get("x-forwarded-host");
    static final AsciiString BAGGAGE = NAMES.get(Baggage.HEADER);

    /** Response field names that upstreams commonly send, in the two usual spellings. */
    static final AsciiString[] RESPONSE_COMMON = SPELLINGS.subList(4, SPELLINGS.size()).stream()
            .map(NAMES::get).toArray(AsciiString[]::new);

    private static final DefaultHeaders.NameValidator<CharSequence> NETTY =
            DefaultHttpHeadersFactory.headersFactory().getNameValidator();

    /** Netty's name check, except for the names above. */
    static final DefaultHeaders.NameValidator<CharSequence> VALIDATOR = name -> {
        if (!(name instanceof AsciiString a && a.array() == BYTES)) {
            NETTY.validateName(name);
        }
    };

    /**
     * The decoders' header maps: {@link FieldList}s checked as Netty's default headers are (value checks
     * included), with {@link #VALIDATOR} for names.
     */
    static final HttpHeadersFactory FACTORY =
            FieldList.factory(DefaultHttpHeadersFactory.headersFactory().withNameValidator(VALIDATOR));

    /**
     * The shared name spelled as {@code b[start, start + length)} (one of {@link #RESPONSE_COMMON},
     * byte for byte), or {@code null}: for the decoders, so that a common field's name is not made anew.
     */
    static AsciiString common(byte[] b, int start, int length) {
        for (AsciiString name : RESPONSE_COMMON) {
            if (name.length() == length && sameBytes(name, b, start, length)) {
                return name;
            }
        }
        return null;
    }

    private static boolean sameBytes(AsciiString name, byte[] b, int start, int length) {
        byte[] a = name.array();
        int offset = name.arrayOffset();
        for (int i = 0; i < length; i++) {
            if (a[offset + i] != b[start + i]) {
                return false;
            }
        }
        return true;
    }

    private HeaderNames() {
    }
}
