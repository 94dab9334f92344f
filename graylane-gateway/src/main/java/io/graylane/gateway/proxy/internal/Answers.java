package io.graylane.gateway.proxy.internal;

import io.graylane.core.chain.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

import java.nio.ByteBuffer;

/**
 * The gateway's own answers: short {@code text/plain} bodies that say why, one line ending in a
 * newline. Stateless.
 */
final class Answers {

    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    /** Longest piece of request data (host, path) echoed in an answer. */
    private static final int MAX_ECHO = 200;

    private Answers() {
    }

    /** Longest reason sent; codec messages may quote request data at length. */
    private static final int MAX_REASON = 500;

    /** A response with {@code status} and {@code reason} as its body (cut and stripped of control characters). */
    static FullHttpResponse text(ByteBufAllocator alloc, HttpResponseStatus status, String reason) {
        String text = visible(reason);
        ByteBuf body = alloc.buffer(text.length() + 1);
        ByteBufUtil.writeUtf8(body, text);
        body.writeByte('\n');
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    /**
     * The same answer as {@link #text} as a core {@link Response}, for the chain: what the terminal
     * completes with when it cannot forward (404, 503) or the upstream failed (502, 504).
     */
    static Response response(HttpResponseStatus status, String reason) {
        return Response.of(status.code(), visible(reason) + "\n");
    }

    /**
     * A response a middleware made (in memory) as Netty's: its headers copied except the hop-by-hop
     * and framing ones, which the gateway sets; {@code Content-Length} from the body.
     */
    static FullHttpResponse toNetty(ByteBufAllocator alloc, Response response) {
        ByteBuffer body = response.body().orElseThrow();
        ByteBuf content = alloc.buffer(body.remaining());
        content.writeBytes(body);
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), content);
        HttpHeaders headers = out.headers();
        response.headers().forEach((name, value) -> {
            if (!ForwardHeaders.isManagedByGateway(name)) {
                headers.add(name, value);
            }
        });
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return out;
    }

    private static String visible(String reason) {
        boolean clean = reason.length() <= MAX_REASON;
        for (int i = 0; clean && i < reason.length(); i++) {
            char c = reason.charAt(i);
            clean = c >= 0x20 && c != 0x7f;
        }
        if (clean) {
            return reason;
        }
        StringBuilder sb = new StringBuilder(Math.min(reason.length(), MAX_REASON) + 3);
        for (int i = 0; i < reason.length() && i < MAX_REASON; i++) {
            char c = reason.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return reason.length() > MAX_REASON ? sb.append("...").toString() : sb.toString();
    }

    /** {@code s} quoted for an answer: shortened, with control and non-ASCII characters escaped. */
    static String quote(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_ECHO) + 8).append('\'');
        for (int i = 0; i < s.length() && i < MAX_ECHO; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(s.length() > MAX_ECHO ? "'..." : "'").toString();
    }

    /** A short cause: Netty's message without its native prefixes and the repeated address. */
    static String describe(Throwable cause) {
        String m = cause.getMessage();
        if (m == null || m.isEmpty()) {
            return cause.getClass().getSimpleName();
        }
        int addr = m.indexOf(": /");
        if (addr > 0) {
            m = m.substring(0, addr);
        }
        int last = m.lastIndexOf(": ");
        if (last >= 0 && m.contains("(..) failed")) {
            // Native transports: "io_uring connect(..) failed with error(-111): Connection refused".
            m = m.substring(last + 2);
        }
        return m.isEmpty() ? cause.getClass().getSimpleName() : m;
    }

    /** {@link #describe} for socket errors, lower case like the rest of the sentence: {@code connection refused}. */
    static String describeIo(Throwable cause) {
        String m = describe(cause);
        return m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))
                ? Character.toLowerCase(m.charAt(0)) + m.substring(1) : m;
    }
}
