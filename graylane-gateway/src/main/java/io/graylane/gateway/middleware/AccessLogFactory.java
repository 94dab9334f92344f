package io.graylane.gateway.middleware;

import io.graylane.core.chain.Exchange;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionStage;

/**
 * {@code access-log}: one INFO line per request to the slf4j logger {@code graylane.access}, written
 * when the exchange is over (the response body fully sent, or the connection lost), in the format of
 * {@link AccessLogLine}. It only logs: whether the backend writes asynchronously (logback's
 * {@code AsyncAppender}) is the deployment's choice. No config keys. Thread-safe.
 */
public final class AccessLogFactory implements MiddlewareFactory {

    /** The logger every line goes to. */
    public static final String LOGGER = "graylane.access";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    @Override
    public String type() {
        return "access-log";
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        ctx.requireOnly();
        return next -> exchange -> {
            if (!log.isInfoEnabled()) {
                return next.handle(exchange);
            }
            GatewayExchange gx = GatewayExchange.of(exchange);
            if (gx != null) {
                gx.onComplete(c -> log.info(AccessLogLine.format(exchange.method(), exchange.path(), c.status(),
                        exchange.lane(), gx.rule(), gx.resolution(), gx.instance(), c.endNanos() - gx.startNanos(),
                        c.responseBytes(), exchange.clientAddress(), gx.attempts(), c.aborted())));
                return next.handle(exchange);
            }
            return outsideTheGateway(next, exchange);
        };
    }

    /** An exchange from elsewhere (tests, the CLI): logged when the response is known. */
    private static CompletionStage<Response> outsideTheGateway(Handler next, Exchange exchange) {
        long start = System.nanoTime();
        CompletionStage<Response> stage = next.handle(exchange);
        stage.whenComplete((response, failure) -> log.info(AccessLogLine.format(exchange.method(), exchange.path(),
                response == null ? 0 : response.status(), exchange.lane(), null, null, null, System.nanoTime() - start,
                response == null ? 0 : response.body().map(b -> (long) b.remaining()).orElse(0L),
                exchange.clientAddress(), 1, failure != null)));
        return stage;
    }
}
