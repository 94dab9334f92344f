package io.graylane.bench.library;

import io.graylane.library.servlet.GraylaneFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import java.util.concurrent.TimeUnit;

/**
 * The servlet filter's per-request work, invoked directly with in-memory request and response objects
 * (no container, no I/O): {@link #bare} runs the "servlet" behind a pass-through filter, {@link #graylane}
 * behind {@link GraylaneFilter} (trust, coloring over ten rules, the empty middleware chain, the lane bound
 * in {@code LaneContext}, the request wrapped). The difference is what the filter adds per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {

    /** {@code colored}: the last rule matches (lane canary); {@code plain}: no rule matches (every rule tried, lane stable). */
    @Param({"colored", "plain"})
    public String shape;

    private BenchRequest request;
    private BenchResponse response;
    private GraylaneFilter filter;
    private final Filter passThrough = (req, res, chain) -> chain.doFilter(req, res);
    private ServletRequest seen;
    private final FilterChain servlet = (req, res) -> {
        seen = req;
        ((HttpServletResponse) res).setStatus(200);
    };

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        filter = GraylaneFilter.builder().config(LibraryConfig.load()).build();
        request = new BenchRequest("GET", "/orders/12345", "expand=items&page=2", "10.1.2.3")
                .header("Host", "orders.internal:8080")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36")
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip, deflate, br")
                .header("Accept-Language", "en-US,en;q=0.9")
                .header("Cookie", "session=8f14e45fceea167a5a36dedd4bea2543; theme=dark")
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .header("X-Request-Id", "c0a8012e-7d1f-4b7e-9a3c-2f6d5e8b9a10")
                .header("X-Tenant", "wayne")
                .header("X-Region", "us-east");
        if (shape.equals("colored")) {
            request.header("X-User-Group", "beta");
        }
        response = new BenchResponse();
        // Fail fast if the filter does not serve the request as expected.
        request.reset();
        filter.doFilter(request, response, servlet);
        Object lane = request.getAttribute(GraylaneFilter.LANE_ATTRIBUTE);
        String expected = shape.equals("colored") ? "canary" : "stable";
        if (!expected.equals(lane) || seen == request) {
            throw new IllegalStateException("filter: lane " + lane + " (expected: " + expected + ", request wrapped)");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        filter.destroy();
    }

    @Benchmark
    public Object bare() throws IOException, ServletException {
        request.reset();
        response.reset();
        passThrough.doFilter(request, response, servlet);
        return seen;
    }

    @Benchmark
    public Object graylane() throws IOException, ServletException {
        request.reset();
        response.reset();
        filter.doFilter(request, response, servlet);
        return seen;
    }
}
