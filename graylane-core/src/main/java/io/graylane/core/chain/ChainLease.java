package io.graylane.core.chain;

import java.util.concurrent.CompletionStage;

/**
 * What a request is served with, read once from a {@link LiveChain} when it arrives: the value
 * published with the chain (such as the lane engine) and the chain generation, whose reference the
 * request holds. Hand the exchange to {@link #handle}, and call {@link #release} exactly once when
 * both the exchange is over and the stage {@code handle} returned has completed. Immutable and shared
 * by every request of the same snapshot: acquiring allocates nothing.
 *
 * @param <S> the value published with the chain
 */
public final class ChainLease<S> {

    private final S value;
    private final ChainGeneration generation;
    private final Handler terminal;

    ChainLease(S value, ChainGeneration generation, Handler terminal) {
        this.value = value;
        this.generation = generation;
        this.terminal = terminal;
    }

    /** The value published with this snapshot. */
    public S value() {
        return value;
    }

    /** The chain generation, or {@code null} when the chain has no enabled entries (requests go to the terminal). */
    public ChainGeneration generation() {
        return generation;
    }

    /** Whether there is a chain (at least one enabled entry) in front of the terminal. */
    public boolean hasChain() {
        return generation != null;
    }

    /** Runs {@code exchange} through the chain, or straight to the terminal when there is none. */
    public CompletionStage<Response> handle(Exchange exchange) {
        return generation == null ? terminal.handle(exchange) : generation.chain().handle(exchange);
    }

    /** Gives back this request's reference on the chain; exactly once per {@link LiveChain#acquire()}. */
    public void release() {
        if (generation != null) {
            generation.release();
        }
    }

    @Override
    public String toString() {
        return "ChainLease[" + value + ", " + generation + "]";
    }
}
