package io.graylane.core.chain;

/** Test helpers for a {@link LiveChain}, shared by the chain and plugin tests. Stateless. */
public final class LiveChains {

    private LiveChains() {
    }

    /** One GET {@code /} through what {@code live} serves now, its chain held for the request and released after. */
    public static Response serve(LiveChain<?> live) {
        ChainLease<?> lease = live.acquire();
        try {
            return lease.handle(SimpleExchange.builder().uri("/").build()).toCompletableFuture().join();
        } finally {
            lease.release();
        }
    }
}
