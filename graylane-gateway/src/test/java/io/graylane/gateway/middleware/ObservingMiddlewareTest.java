package io.graylane.gateway.middleware;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.graylane.gateway.proxy.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code access-log}, {@code debug-header} and {@code header}: what they write, end to end. */
class ObservingMiddlewareTest {

    private static ChainFixture fx;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger accessLog = (Logger) LoggerFactory.getLogger(AccessLogFactory.LOGGER);

    @BeforeAll
    static void start() {
        fx = new ChainFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void captureTheAccessLog() {
        lines.start();
        accessLog.addAppender(lines);
    }

    @AfterEach
    void stopCapturing() {
        accessLog.detachAppender(lines);
        fx.pairA.respondWith(0);
    }

    private String lastLine() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !lines.list.isEmpty());
        List<ILoggingEvent> events = List.copyOf(lines.list);
        return events.get(events.size() - 1).getFormattedMessage();
    }

    @Test
    void accessLogWritesOneLineWithLaneRuleInstanceDurationAndBytes() {
        fx.use("[{id: log, type: access-log}]");

        RawHttp.Response response = fx.get("/web/x?token=secret", "X-User-Group: beta");

        assertThat(lines.list).hasSize(1);
        assertThat(lastLine()).matches("method=GET path=/web/x status=200 lane=canary rule=beta served=canary"
                + " instance=web-v2 duration_ms=\\d+\\.\\d{3} bytes=" + response.body().length + " client=127\\.0\\.0\\.1");
    }

    @Test
    void accessLogCountsTheBytesOfAStreamedBodyAndLogsTheGatewaysOwnAnswers() {
        fx.use("[{id: log, type: access-log}]");

        fx.get("/web/big/200000");
        String streamed = lastLine();
        fx.get("/nowhere/x");
        String unrouted = lastLine();

        assertThat(streamed).contains(" status=200 ", " bytes=200000 ");
        assertThat(unrouted).startsWith("method=GET path=/nowhere/x status=404 lane=stable rule=- served=- instance=- ");
    }

    @Test
    void accessLogSaysWhenARequestTookMoreThanOneAttempt() {
        fx.use("[{id: log, type: access-log}, {id: r, type: retry, config: {budgetMinRetries: 1000}}]");
        fx.pairA.respondWith(503);

        for (int i = 0; i < 20 && !lastLineOrEmpty().contains("attempts=2"); i++) {
            fx.get("/pair/x");
        }

        assertThat(lastLine()).contains(" status=200 ", " instance=pair-b ", " attempts=2");
    }

    private String lastLineOrEmpty() {
        List<ILoggingEvent> events = List.copyOf(lines.list);
        return events.isEmpty() ? "" : events.get(events.size() - 1).getFormattedMessage();
    }

    @Test
    void debugHeaderSaysLaneRuleServedLaneAndTheInstanceThatFinallyServed() {
        fx.use("[{id: debug, type: debug-header}, {id: r, type: retry, config: {budgetMinRetries: 1000}}]");
        fx.pairA.respondWith(503);

        RawHttp.Response canary = fx.get("/web/x", "X-User-Group: beta");
        RawHttp.Response retried = fx.get("/pair/x");

        assertThat(canary.header("X-Graylane-Debug"))
                .isEqualTo("lane=canary; source=rule; rule=beta; served=canary; instance=web-v2");
        assertThat(retried.header("X-Graylane-Debug"))
                .isEqualTo("lane=stable; source=default; served=stable; instance=pair-b");
    }

    @Test
    void debugHeaderCanHaveAnotherNameAndMarksTheGatewaysOwnAnswers() {
        fx.use("[{id: debug, type: debug-header, config: {name: X-Why}}]");

        RawHttp.Response response = fx.get("/nowhere");

        assertThat(response.header("X-Why")).isEqualTo("lane=stable; source=default; outcome=no-route");
        assertThat(response.header("X-Graylane-Debug")).isNull();
    }

    @Test
    void headerSetsAddsAndRemovesRequestAndResponseHeaders() {
        fx.use("[{id: h, type: header, config: {request: {set: {X-Env: prod}, add: {X-Via: graylane}, remove: [X-Secret]},"
                + " response: {set: {Strict-Transport-Security: max-age=60}, remove: [X-Instance]}}}]");

        RawHttp.Response response = fx.get("/web/x", "X-Secret: s3cr3t", "X-Via: client", "X-Env: dev");
        RawHttp.Response unrouted = fx.get("/nowhere");

        assertThat(response.echo().header("X-Env")).isEqualTo("prod");
        assertThat(response.echo().headerValues("X-Via")).containsExactly("client", "graylane");
        assertThat(response.echo().header("X-Secret")).isNull();
        assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=60");
        assertThat(response.header("X-Instance")).isNull();
        assertThat(unrouted.header("Strict-Transport-Security")).isEqualTo("max-age=60");
    }
}
