package io.graylane.gateway.proxy.internal;

import io.graylane.core.chain.Exchange;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Response;
import io.graylane.gateway.middleware.GatewayExchange;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The last handler of every gateway chain: forwards the exchange to its chosen upstream instance and
 * completes when the upstream's response headers arrive, with a {@linkplain Response#streaming
 * streaming} response whose headers are the upstream's, changed in place; the body is relayed after
 * the chain has returned that response. Without an instance (no route, rejected lane) and on upstream
 * failures it completes with the gateway's own answer (404, 503, 502, 504), never exceptionally,
 * except with a {@link java.util.concurrent.CancellationException} when the attempt was abandoned.
 * Called again for the same exchange (a retry), it abandons the attempt in progress first. Stateless.
 */
final class ProxyTerminal implements Handler {

    static final ProxyTerminal INSTANCE = new ProxyTerminal();

    private ProxyTerminal() {
    }

    @Override
    public CompletionStage<Response> handle(Exchange exchange) {
        if (GatewayExchange.of(exchange) instanceof NettyExchange e) {
            return e.forward();
        }
        return CompletableFuture.failedFuture(new IllegalStateException(
                "the gateway's terminal handler got an exchange the gateway did not make: " + exchange));
    }

    /** See the class documentation: the gateway's own answers complete the stage, failures never do. */
    @Override
    public boolean failsOnlyByCancellation() {
        return true;
    }

    @Override
    public String toString() {
        return "forward to the chosen upstream";
    }
}
