package io.graylane.gateway.tracing;

import io.graylane.gateway.proxy.RawHttp;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.graylane.gateway.tracing.SpanAttributes.ABORTED;
import static io.graylane.gateway.tracing.SpanAttributes.ERROR_TYPE;
import static io.graylane.gateway.tracing.SpanAttributes.HTTP_STATUS;
import static io.graylane.gateway.tracing.SpanAttributes.ROUTE;
import static io.graylane.gateway.tracing.SpanAttributes.UPSTREAM_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every way an exchange ends ends its span: timeouts, upstream failures, failed chains, clients that leave. */
class TracingOutcomesTest {

    private static TracingFixture fx;

    @BeforeAll
    static void start() {
        fx = new TracingFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @AfterEach
    void nothingStaysInFlight() {
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.gateway.chainInFlight() == 0);
    }

    @Test
    void aTimedOutRequestEndsItsSpanAsA504Error() {
        fx.use("[{id: trace, type: tracing}, {id: deadline, type: timeout, config: {duration: 200ms}}]");

        RawHttp.Response response = fx.get("/web/stall");

        assertThat(response.status()).isEqualTo(504);
        SpanData span = fx.onlySpan();
        assertThat(span.getAttributes().get(HTTP_STATUS)).isEqualTo(504L);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("504");
    }

    @Test
    void anUnreachableUpstreamIsNamedOnTheSpan() {
        fx.use("[{id: trace, type: tracing}]");

        RawHttp.Response response = fx.get("/dead/x");

        assertThat(response.status()).isEqualTo(502);
        SpanData span = fx.onlySpan();
        assertThat(span.getAttributes().get(UPSTREAM_FAILURE)).isEqualTo("connect_error");
        assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("connect_error");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void aFailedChainRecordsTheExceptionOnTheSpan() {
        fx.use("[{id: trace, type: tracing}, {id: fail, type: test.fail}]");

        RawHttp.Response response = fx.get("/web/x");

        assertThat(response.status()).isEqualTo(500);
        SpanData span = fx.onlySpan();
        assertThat(span.getAttributes().get(HTTP_STATUS)).isEqualTo(500L);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getEvents()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("exception");
            assertThat(e.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("exception.message")))
                    .contains("boom");
        });
        assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("io.graylane.core.chain.MiddlewareException");
    }

    @Test
    void aClientThatLeavesEndsTheSpanAsAborted() {
        fx.use("[{id: trace, type: tracing}]");

        try (RawHttp client = new RawHttp(fx.gateway.port())) {
            client.send(RawHttp.get("/web/stall"));
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.gateway.chainInFlight() == 1);
        }

        SpanData span = fx.onlySpan();
        assertThat(span.getAttributes().get(ABORTED)).isTrue();
        assertThat(span.getAttributes().get(HTTP_STATUS)).isNull();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void anUnroutedRequestGetsASpanNamedByItsMethodOnly() {
        fx.use("[{id: trace, type: tracing}]");

        RawHttp.Response response = fx.get("/nowhere");

        assertThat(response.status()).isEqualTo(404);
        SpanData span = fx.onlySpan();
        assertThat(span.getName()).isEqualTo("GET");
        assertThat(span.getAttributes().get(ROUTE)).isNull();
        assertThat(span.getAttributes().get(HTTP_STATUS)).isEqualTo(404L);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void everyRequestOfABurstEndsItsSpan() {
        fx.use("[{id: trace, type: tracing}]");

        for (int i = 0; i < 20; i++) {
            try (RawHttp client = new RawHttp(fx.gateway.port())) {
                client.send(RawHttp.get(i % 2 == 0 ? "/web/x" : "/web/big/100000"));
                if (i % 4 == 1) {
                    client.readHead(); // leaves in the middle of the body
                } else {
                    client.read();
                }
            }
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.spans.getFinishedSpanItems().size() == 20);
    }
}
