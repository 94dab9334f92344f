package io.graylane.core.chain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A response: status, mutable headers and, for responses a middleware makes itself (a 429 or a
 * 503 with a short reason), a body held in memory. A {@linkplain #streaming streaming} response has
 * no body of its own: the adapter that made it writes the body as it arrives. Status and body are
 * fixed; headers may be changed by middleware on the way out. Not thread-safe.
 */
public final class Response {

    private static final byte[] EMPTY = new byte[0];

    private final int status;
    private final Headers headers;
    private final byte[] body;

    private Response(int status, Headers headers, byte[] body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100..599)");
        }
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = body;
    }

    /** A response with {@code status}, no headers and an empty body. */
    public static Response of(int status) {
        return new Response(status, Headers.create(), EMPTY);
    }

    /** A response with {@code status} and a {@code text/plain; charset=utf-8} body. */
    public static Response of(int status, String text) {
        Headers headers = Headers.of("Content-Type", "text/plain; charset=utf-8");
        return new Response(status, headers, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A response with {@code status}, {@code headers} (used as they are) and a copy of {@code body}. */
    public static Response of(int status, Headers headers, byte[] body) {
        return new Response(status, headers, body.clone());
    }

    /**
     * A response whose body the adapter streams: status and headers are known, the body is not held
     * here. The gateway's terminal handler completes its stage with one of these when upstream
     * headers arrive.
     */
    public static Response streaming(int status, Headers headers) {
        return new Response(status, headers, null);
    }

    /** HTTP status code, 100..599. */
    public int status() {
        return status;
    }

    /** The response headers; middleware may change them before the response is written. */
    public Headers headers() {
        return headers;
    }

    /** A read-only view of the in-memory body; empty for a {@linkplain #streaming streaming} response. */
    public Optional<ByteBuffer> body() {
        return body == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(body).asReadOnlyBuffer());
    }

    /** Whether the adapter streams the body (there is none here). */
    public boolean isStreaming() {
        return body == null;
    }

    /** The in-memory body decoded as UTF-8 ({@code ""} for a streaming response), for tests and logs. */
    public String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Response[status=" + status + ", headers=" + headers
                + (body == null ? ", streaming]" : ", body=" + body.length + " bytes]");
    }
}
