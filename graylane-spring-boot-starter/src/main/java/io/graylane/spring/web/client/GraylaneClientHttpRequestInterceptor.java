package io.graylane.spring.web.client;

import io.graylane.library.client.LanePropagator;
import io.graylane.library.client.OutboundCall;
import io.graylane.core.trust.Baggage;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * Sends every {@code RestClient} / {@code RestTemplate} call in the current lane: the lane header and the
 * merged W3C {@code baggage} member (see {@link LanePropagator} for the rules) and — when the propagator
 * chooses instances — a logical service's host replaced by an instance chosen for the lane. The lane is
 * read on the thread executing the request, which for these blocking clients is the caller's. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * RestClient client = RestClient.builder()
 *         .requestInterceptor(new GraylaneClientHttpRequestInterceptor(LanePropagator.of(engines)))
 *         .build();
 * }</pre>
 */
public final class GraylaneClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

    private final LanePropagator propagator;

    /** An interceptor that propagates as {@code propagator} says. */
    public GraylaneClientHttpRequestInterceptor(LanePropagator propagator) {
        this.propagator = Objects.requireNonNull(propagator, "propagator");
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        OutboundCall call = propagator.prepare(request.getURI(), request.getHeaders()::getFirst);
        HttpRequest out = call.uri().equals(request.getURI()) ? request : new Retargeted(request, call.uri());
        if (call.laneValue() != null) {
            out.getHeaders().set(call.laneHeader(), call.laneValue());
        }
        if (call.baggage() != null) {
            out.getHeaders().set(Baggage.HEADER, call.baggage());
        }
        return execution.execute(out, body);
    }

    /** The propagator this interceptor uses. */
    public LanePropagator propagator() {
        return propagator;
    }

    @Override
    public String toString() {
        return "GraylaneClientHttpRequestInterceptor[" + propagator.propagation().laneHeader() + "]";
    }

    /** The request sent to another instance; headers and everything else are the original's. */
    private static final class Retargeted extends HttpRequestWrapper {
        private final URI uri;

        Retargeted(HttpRequest request, URI uri) {
            super(request);
            this.uri = uri;
        }

        @Override
        public URI getURI() {
            return uri;
        }
    }
}
