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
}
