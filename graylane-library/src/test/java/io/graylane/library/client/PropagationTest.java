package io.graylane.library.client;

import io.graylane.library.client.okhttp.GraylaneInterceptor;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.library.context.LaneState;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.library.testing.Backend;
import io.graylane.library.testing.Configs;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("try")
class PropagationTest {

    static final String LANES = """
            lanes:
              stable: {selector: {version: v1}}
              canary: {selector: {version: v2}, fallback: stable}
            coloring: {defaultLane: stable}
            """;

    private final Backend backend = Backend.start("backend");
    private final LaneEngineSource engines = LaneEngineSource.of(Configs.yaml(LANES));
    private final HttpClient jdk = GraylaneHttpClient.wrap(
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build(), engines);
    private final OkHttpClient ok = new OkHttpClient.Builder().addInterceptor(GraylaneInterceptor.create(engines)).build();

    @AfterEach
    void stop() {
        backend.close();
        ok.dispatcher().executorService().shutdownNow();
        ok.connectionPool().evictAll();
    }

    private String jdk(String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(backend.url("/x"))).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return jdk.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String ok(String... headers) throws IOException {
        Request.Builder b = new Request.Builder().url(backend.url("/x"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try (okhttp3.Response response = ok.newCall(b.build()).execute()) {
            return response.body().string();
        }
    }

    @Test
    void withNoLaneBoundNothingIsAdded() throws Exception {
        assertThat(jdk()).isEqualTo("backend lane=null baggage=null");
        assertThat(ok()).isEqualTo("backend lane=null baggage=null");
    }

    @Test
    void theLaneTravelsInTheLaneHeaderAndInBaggage() throws Exception {
        try (LaneScope ignored = LaneContext.attach("canary")) {
            assertThat(jdk()).isEqualTo("backend lane=canary baggage=graylane.lane=canary");
            assertThat(ok()).isEqualTo("backend lane=canary baggage=graylane.lane=canary");
        }
    }

    @Test
    void existingBaggageIsMergedWithoutDuplicatingTheLaneMember() throws Exception {
        try (LaneScope ignored = LaneContext.attach("canary")) {
            String expected = "backend lane=canary baggage=userId=alice,graylane.lane=canary,tenant=t1";
            assertThat(jdk("baggage", "userId=alice, graylane.lane=stable;p=1, tenant=t1, graylane.lane=old")).isEqualTo(expected);
            assertThat(ok("baggage", "userId=alice, graylane.lane=stable;p=1, tenant=t1, graylane.lane=old")).isEqualTo(expected);
        }
    }

    @Test
    void theIncomingRequestsBaggageTravelsOnWhenTheCallSetsNone() throws Exception {
        LaneState state = new LaneState("canary", null, "userId=alice,graylane.lane=canary", "graylane.lane");
        try (LaneScope ignored = LaneContext.attach(state)) {
            assertThat(jdk()).isEqualTo("backend lane=canary baggage=userId=alice,graylane.lane=canary");
            assertThat(ok()).isEqualTo("backend lane=canary baggage=userId=alice,graylane.lane=canary");
        }
    }

    @Test
    void aSignedLaneIsForwardedAsItArrived() throws Exception {
        String signed = "canary;kid=k1;exp=1900000000;sig=abc";
        try (LaneScope ignored = LaneContext.attach(new LaneState("canary", signed, null, null))) {
            assertThat(jdk()).isEqualTo("backend lane=" + signed + " baggage=graylane.lane=canary%3Bkid=k1%3Bexp=1900000000%3Bsig=abc");
            assertThat(ok()).startsWith("backend lane=" + signed + " ");
        }
    }

    @Test
    void aLaneHeaderTheCallerSetIsKept() throws Exception {
        try (LaneScope ignored = LaneContext.attach("canary")) {
            assertThat(jdk("X-Graylane-Lane", "stable")).isEqualTo("backend lane=stable baggage=graylane.lane=stable");
            assertThat(ok("X-Graylane-Lane", "stable")).isEqualTo("backend lane=stable baggage=graylane.lane=stable");
        }
    }

    @Test
    void headerNamesAndBaggageComeFromTheConfigurationsPropagationSettings() throws Exception {
        engines.update(Configs.yaml(LANES + "propagation: {laneHeader: X-Lane, baggage: true, baggageKey: lane}\n"));
        try (Backend custom = Backend.start("custom", "X-Lane"); LaneScope ignored = LaneContext.attach("canary")) {
            String body = jdk.send(HttpRequest.newBuilder(URI.create(custom.url("/"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).isEqualTo("custom lane=canary baggage=lane=canary");
        }
        engines.update(Configs.yaml(LANES + "propagation: {baggage: false}\n"));
        try (LaneScope ignored = LaneContext.attach("canary")) {
            assertThat(jdk()).isEqualTo("backend lane=canary baggage=null");
            assertThat(ok()).isEqualTo("backend lane=canary baggage=null");
        }
    }

    @Test
    void sendAsyncReadsTheLaneOnTheCallingThread() throws Exception {
        CompletableFuture<HttpResponse<String>> reply;
        try (LaneScope ignored = LaneContext.attach("canary")) {
            reply = jdk.sendAsync(HttpRequest.newBuilder(URI.create(backend.url("/"))).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(reply.get(10, TimeUnit.SECONDS).body()).isEqualTo("backend lane=canary baggage=graylane.lane=canary");
    }

    @Test
    void anEnqueuedOkHttpCallStampedOnTheCallingThreadCarriesTheLane() throws Exception {
        GraylaneInterceptor interceptor = GraylaneInterceptor.create(engines);
        CompletableFuture<String> reply = new CompletableFuture<>();
        try (LaneScope ignored = LaneContext.attach("canary")) {
            Request stamped = interceptor.stamp(new Request.Builder().url(backend.url("/")).build());
            ok.newCall(stamped).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    reply.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call call, okhttp3.Response response) throws IOException {
                    try (response) {
                        reply.complete(response.body().string());
                    }
                }
            });
        }
        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("backend lane=canary baggage=graylane.lane=canary");
    }
}
