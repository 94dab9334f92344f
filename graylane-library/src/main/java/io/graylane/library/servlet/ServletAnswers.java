package io.graylane.library.servlet;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.MiddlewareException;
import io.graylane.core.chain.Response;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How the filter ends a request after the chain: the application's own failure goes to the container
 * unchanged, a chain failure before the application ran is a 500, and a middleware's own answer is
 * written out. Stateless.
 */
final class ServletAnswers {

    // The filter's logger: users configure logging by the filter's name.
    private static final Logger log = LoggerFactory.getLogger(GraylaneFilter.class);

    private ServletAnswers() {
    }

    /** Rethrows what the application threw, if anything, as it threw it. */
    static void rethrowApplicationFailure(Throwable failure) throws IOException, ServletException {
        if (failure == null) {
            return;
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof ServletException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) failure;
    }

    /** Logs a chain failure and answers 500 when the application was not called and nothing was sent. */
    static void failed(HttpServletRequest request, HttpServletResponse response, Throwable failure,
                       boolean proceeded) throws IOException {
        String what = failure instanceof MiddlewareException || failure instanceof GraylaneException
                ? failure.getMessage() : failure.toString();
        log.error("graylane chain failed for {} {}: {}", request.getMethod(), request.getRequestURI(), what, failure);
        if (!proceeded && !response.isCommitted()) {
            response.resetBuffer();
            response.setStatus(500);
            response.setContentType("text/plain; charset=utf-8");
            response.getWriter().write("graylane: middleware failed\n");
        }
    }

    /** Writes a middleware's own answer (the application was not called). */
    static void write(Response answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::addHeader);
        ByteBuffer body = answer.body().orElse(null);
        if (body != null && body.hasRemaining()) {
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
