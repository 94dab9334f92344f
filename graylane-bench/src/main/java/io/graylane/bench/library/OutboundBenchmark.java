package io.graylane.bench.library;

import io.graylane.library.client.GraylaneHttpClient;
import io.graylane.library.client.LanePropagator;
import io.graylane.library.client.OutboundCall;
import io.graylane.library.client.okhttp.GraylaneInterceptor;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.library.engine.LaneEngineSource;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.TimeUnit;

/**
 * The outbound decoration per call, without I/O: building a request as an application does, bare and
 * decorated for the current lane — {@link GraylaneHttpClient#decorate(HttpRequest, LanePropagator)} for
 * {@code java.net.http}, {@link GraylaneInterceptor} for OkHttp with an in-memory chain that answers at
 * once — and {@link LanePropagator#prepare} alone. With {@code inLane} the benchmark thread runs in lane
 * {@code canary} (lane header and baggage are added); without, nothing is added.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OutboundBenchmark {

    @Param({"true", "false"})
    public boolean inLane;

    private final URI uri = URI.create("http://inventory.internal:8080/items/42?fields=stock");
    private final HttpUrl url = HttpUrl.get(uri);
    private final Response.Builder answer = BenchChain.answer();
    private LanePropagator propagator;
    private GraylaneInterceptor interceptor;
    private LaneScope scope;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        propagator = LanePropagator.of(LaneEngineSource.of(LibraryConfig.load()));
        interceptor = GraylaneInterceptor.create(propagator);
        if (inLane) {
            scope = LaneContext.attach("canary");
        }
        Response r = interceptor.intercept(new BenchChain(okRequest(), answer));
        if (inLane != "canary".equals(r.request().header(propagator.propagation().laneHeader()))) {
            throw new IllegalStateException("interceptor: lane header " + r.request().header(propagator.propagation().laneHeader()));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (scope != null) {
            scope.close();
        }
    }

    private HttpRequest jdkRequest() {
        return HttpRequest.newBuilder(uri).header("Accept", "application/json").GET().build();
    }

    private Request okRequest() {
        return new Request.Builder().url(url).header("Accept", "application/json").build();
    }

    @Benchmark
    public HttpRequest jdkBare() {
        return jdkRequest();
    }

    @Benchmark
    public HttpRequest jdkDecorated() throws Exception {
        return GraylaneHttpClient.decorate(jdkRequest(), propagator);
    }

    @Benchmark
    public OutboundCall prepare() throws Exception {
        return propagator.prepare(uri, name -> null);
    }

    @Benchmark
    public Response okBare() throws IOException {
        Request request = okRequest();
        return new BenchChain(request, answer).proceed(request);
    }

    @Benchmark
    public Response okIntercepted() throws IOException {
        return interceptor.intercept(new BenchChain(okRequest(), answer));
    }
}
