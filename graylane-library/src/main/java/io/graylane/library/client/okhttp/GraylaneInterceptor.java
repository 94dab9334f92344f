package io.graylane.library.client.okhttp;

import io.graylane.library.client.LanePropagator;
import io.graylane.library.client.OutboundCall;
import io.graylane.library.discovery.LaneRoutingException;
import io.graylane.library.engine.LaneEngineSource;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.Objects;

/**
 * An OkHttp application interceptor that sends every call in the current lane (see
 * {@link LanePropagator} for the rules: lane header, merged W3C baggage, and the host of a logical
 * service such as {@code http://orders/api} replaced by an instance chosen for the lane).
 *
 * <pre>{@code
 * OkHttpClient http = new OkHttpClient.Builder()
 *         .addInterceptor(GraylaneInterceptor.create(engines))
 *         .build();
 * }</pre>
 *
 * The lane is read on the thread running the interceptor, which for {@code call.execute()} is the
 * caller's. {@code call.enqueue} runs interceptors on OkHttp's dispatcher threads, which carry no
 * lane: stamp such requests on the calling thread with {@link #stamp(Request)} (the interceptor then
 * chooses the instance for the lane written on the request). Add it with {@code addInterceptor}, not
 * as a network interceptor (it may change the host). Immutable and thread-safe. This package is the
 * only one that needs OkHttp ({@code okhttp-jvm} 5) on the class path.
 */
public final class GraylaneInterceptor implements Interceptor {

    private final LanePropagator propagator;

    private GraylaneInterceptor(LanePropagator propagator) {
        this.propagator = Objects.requireNonNull(propagator, "propagator");
    }

    /** An interceptor with propagation and logical services from {@code engines}. */
    public static GraylaneInterceptor create(LaneEngineSource engines) {
        return new GraylaneInterceptor(LanePropagator.of(engines));
    }

    /** An interceptor that propagates as {@code propagator} says. */
    public static GraylaneInterceptor create(LanePropagator propagator) {
        return new GraylaneInterceptor(propagator);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(stamp(chain.request()));
    }

    /**
     * {@code request} as it is sent in the current lane: lane header, baggage and, for a logical
     * service, an instance's host and port. Returns {@code request} itself when nothing changes.
     *
     * @throws LaneRoutingException when the lane cannot be served
     */
    public Request stamp(Request request) throws LaneRoutingException {
        Objects.requireNonNull(request, "request");
        HttpUrl original = request.url();
        OutboundCall call;
        HttpUrl url;
        if (propagator.mayRewrite(original.host())) {
            call = propagator.prepare(original.uri(), request::header);
            url = HttpUrl.get(call.uri());
        } else {
            // Not a logical service: the URL stays as it is, so no java.net.URI round trip.
            call = propagator.prepareHeaders(request::header);
            url = original;
        }
        if (call.laneValue() == null && call.baggage() == null && url.equals(original)) {
            return request;
        }
        Request.Builder b = request.newBuilder();
        if (url != original) {
            b.url(url);
        }
        if (call.laneValue() != null) {
            b.header(call.laneHeader(), call.laneValue());
        }
        if (call.baggage() != null) {
            b.header("baggage", call.baggage());
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "GraylaneInterceptor[" + propagator.propagation().laneHeader() + "]";
    }
}
