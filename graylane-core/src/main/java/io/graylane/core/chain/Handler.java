package io.graylane.core.chain;

import java.util.concurrent.CompletionStage;

/**
 * Handles one exchange: answers it, or passes it on. The returned stage completes with the response
 * (a streaming adapter may complete it as soon as the response headers are known) or exceptionally.
 * Never returns {@code null}. A handler is shared by every request of a snapshot and must be
 * thread-safe; the exchange it is given is used by one thread at a time.
 */
@FunctionalInterface
public interface Handler {

    /** Handles {@code exchange}; see the interface documentation for the contract. */
    CompletionStage<Response> handle(Exchange exchange);

    /**
     * Whether a stage this handler returns still pending can fail only with a
     * {@link java.util.concurrent.CancellationException} (a stage it returns already completed may
     * have failed otherwise). A middleware that turns failures into answers, such as the gateway's
     * {@code recover}, then needs no stage of its own over it. Default {@code false}; say
     * {@code true} only when every path that completes the stage keeps to it.
     */
    default boolean failsOnlyByCancellation() {
        return false;
    }
}
