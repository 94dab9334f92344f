package io.graylane.library.client;

import io.graylane.library.discovery.LaneRoutingException;
import io.graylane.library.engine.LaneEngineSource;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A {@link HttpClient} that sends every request in the current lane: {@code java.net.http} has no
 * interceptor API, so this wraps a client and rewrites each request before handing it over (see
 * {@link LanePropagator} for the rules: lane header, merged W3C baggage, and the host of a logical
 * service such as {@code http://orders/api} replaced by an instance chosen for the lane).
 *
 * <pre>{@code
 * HttpClient http = GraylaneHttpClient.wrap(HttpClient.newHttpClient(), engines);
 * http.send(HttpRequest.newBuilder(URI.create("http://orders/api/42")).build(), BodyHandlers.ofString());
 * }</pre>
 *
 * The lane is read on the calling thread, also for {@link #sendAsync}; a call a lane cannot be served
 * in fails with {@link LaneRoutingException}. Thread-safe as the wrapped client is. Everything else
 * (executor, timeouts, TLS, redirects) is the wrapped client's.
 */
public final class GraylaneHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final LanePropagator propagator;

    private GraylaneHttpClient(HttpClient delegate, LanePropagator propagator) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.propagator = Objects.requireNonNull(propagator, "propagator");
    }

    /** {@code delegate} sending in the current lane, with propagation and logical services from {@code engines}. */
    public static GraylaneHttpClient wrap(HttpClient delegate, LaneEngineSource engines) {
        return new GraylaneHttpClient(delegate, LanePropagator.of(engines));
    }

    /** {@code delegate} sending in the current lane as {@code propagator} says. */
    public static GraylaneHttpClient wrap(HttpClient delegate, LanePropagator propagator) {
        return new GraylaneHttpClient(delegate, propagator);
    }

    /** The wrapped client. */
    public HttpClient delegate() {
        return delegate;
    }

    /**
     * {@code request} as it is sent in the current lane: lane header, baggage and, for a logical
     * service, an instance's host and port. Use it with a client that is not wrapped.
     *
     * @throws LaneRoutingException when the lane cannot be served
     */
    public HttpRequest decorate(HttpRequest request) throws LaneRoutingException {
        return decorate(request, propagator);
    }

    /** {@link #decorate(HttpRequest)} with any propagator. */
    public static HttpRequest decorate(HttpRequest request, LanePropagator propagator) throws LaneRoutingException {
        Objects.requireNonNull(request, "request");
        OutboundCall call = propagator.prepare(request.uri(), name -> request.headers().firstValue(name).orElse(null));
        if (call.laneValue() == null && call.baggage() == null && call.uri().equals(request.uri())) {
            return request;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(request, (name, value) -> true).uri(call.uri());
        if (call.laneValue() != null) {
            b.setHeader(call.laneHeader(), call.laneValue());
        }
        if (call.baggage() != null) {
            b.setHeader("baggage", call.baggage());
        }
        return b.build();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(decorate(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpRequest decorated;
        try {
            decorated = decorate(request);
        } catch (LaneRoutingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return delegate.sendAsync(decorated, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        HttpRequest decorated;
        try {
            decorated = decorate(request);
        } catch (LaneRoutingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return delegate.sendAsync(decorated, handler, pushPromiseHandler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public java.net.http.WebSocket.Builder newWebSocketBuilder() {
        return delegate.newWebSocketBuilder();
    }

    @Override
    public String toString() {
        return "GraylaneHttpClient[" + delegate + "]";
    }
}
