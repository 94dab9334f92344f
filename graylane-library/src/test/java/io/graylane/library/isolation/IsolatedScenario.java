package io.graylane.library.isolation;

import io.graylane.core.config.Propagation;
import io.graylane.library.client.GraylaneHttpClient;
import io.graylane.library.client.LanePropagator;
import io.graylane.library.client.OutboundCall;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneExecutors;
import io.graylane.library.context.LaneScope;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.library.servlet.GraylaneFilter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What an application without OkHttp and OpenTelemetry does with the library; run by
 * {@link OptionalDependenciesTest} in a class loader that has neither.
 */
@SuppressWarnings("try")
public final class IsolatedScenario implements Callable<String> {

    @Override
    public String call() throws Exception {
        LaneEngineSource engines = LaneEngineSource.of(io.graylane.library.testing.Configs.yaml("""
                lanes: {stable: {}, canary: {selector: {version: v2}, fallback: stable}}
                coloring: {defaultLane: stable}
                """));
        GraylaneFilter filter = GraylaneFilter.builder().engines(engines).build();
        ExecutorService raw = Executors.newSingleThreadExecutor();
        try (LaneScope ignored = LaneContext.attach("canary")) {
            String inPool = LaneExecutors.wrap(raw).submit(LaneContext::lane).get(5, TimeUnit.SECONDS);
            OutboundCall call = LanePropagator.of(Propagation.DEFAULT).prepare(URI.create("http://x/"), name -> null);
            HttpRequest sent = GraylaneHttpClient.wrap(HttpClient.newHttpClient(), engines)
                    .decorate(HttpRequest.newBuilder(URI.create("http://x/")).build());
            return "otel=" + LaneContext.bridgesOpenTelemetry() + " pool=" + inPool + " lane=" + call.laneValue()
                    + " baggage=" + call.baggage() + " jdk=" + sent.headers().firstValue("X-Graylane-Lane").orElse(null)
                    + " filter=" + filter.engine().config().coloring().defaultLane();
        } finally {
            raw.shutdownNow();
            filter.destroy();
        }
    }
}
