package io.graylane.core.chain;

import io.graylane.core.GraylaneException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * One position of a built chain: the handler passed as {@code next} to the middleware before it
 * (the <em>caller</em>), which runs the handler of the middleware at this position (the
 * <em>target</em>), or the terminal handler at the last position.
 *
 * <p>Next-at-most-once: within one pass over a chain, positions are entered in strictly increasing
 * order, so the exchange only needs the chain it is in and the deepest position entered
 * ({@link Attributes#chainOwner}, {@link Attributes#chainDepth}). Entering position {@code p} when
 * the depth is already {@code >= p} means the caller called {@code next} again. Two field writes and
 * one comparison per link, no allocation, any chain length. A caller that declares
 * {@link Middleware#callsNextMoreThanOnce()} may re-enter; its downstream is then checked afresh.
 * An exchange handed to a different chain (a nested one) takes the new owner, which only ever turns
 * checks off, never raises a false alarm.
 *
 * <p>Failures are attributed to the middleware that caused them: a synchronous throw or a failed
 * stage of the target becomes a {@link MiddlewareException} naming it, unless it already is one or
 * came unchanged from downstream (the stage the next link returned failed with the same throwable).
 * A stage that is passed through unchanged, or already completed normally, is returned as it is, so
 * the common case adds no dependent stage. Immutable and thread-safe.
 */
final class Link implements Handler {

    private final Object chain;
    private final int position;
    private final Handler target;
    private final String targetId;
    private final String targetType;
    private final String callerId;
    private final String callerType;
    private final boolean callerMayRepeat;

    /**
     * @param chain    identity of the chain this link belongs to
     * @param position 0 for the entry link, the number of middleware for the terminal's link
     * @param target   handler run at this position
     * @param targetId id of the middleware whose handler {@code target} is, {@code null} for the terminal
     * @param caller   the middleware calling this link as its {@code next}, {@code null} at position 0
     */
    Link(Object chain, int position, Handler target, String targetId, String targetType,
         String callerId, String callerType, boolean callerMayRepeat) {
        this.chain = chain;
        this.position = position;
        this.target = target;
        this.targetId = targetId;
        this.targetType = targetType;
        this.callerId = callerId;
        this.callerType = callerType;
        this.callerMayRepeat = callerMayRepeat;
    }

    /** The terminal's link passes on its handler's answer; a middleware's link makes no such promise. */
    @Override
    public boolean failsOnlyByCancellation() {
        return targetId == null && target.failsOnlyByCancellation();
    }

    @Override
    public CompletionStage<Response> handle(Exchange exchange) {
        Attributes state = exchange.attributes();
        if (position > 0 && state.chainOwner == chain && state.chainDepth >= position && !callerMayRepeat) {
            throw new MiddlewareException(callerId, callerType, "called next more than once", null);
        }
        state.chainOwner = chain;
        state.chainDepth = position;

        CompletionStage<Response> stage;
        try {
            stage = target.handle(exchange);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            return record(state, CompletableFuture.failedFuture(attributeThrown(t, state.lastStage)));
        }
        if (stage == null) {
            GraylaneException e = targetId == null
                    ? new GraylaneException("chain terminal handler returned null")
                    : new MiddlewareException(targetId, targetType, "returned null", null);
            return record(state, CompletableFuture.failedFuture(e));
        }
        if (targetId == null || stage == state.lastStage || isDoneNormally(stage)) {
            return record(state, stage);
        }
        // The middleware made a stage of its own that may still fail: name it if it does.
        return record(state, stage.exceptionally(new Namer(state.lastStage, state)));
    }

    private static CompletionStage<Response> record(Attributes state, CompletionStage<Response> stage) {
        state.lastStage = stage;
        return stage;
    }

    private static boolean isDoneNormally(CompletionStage<?> stage) {
        return stage instanceof CompletableFuture<?> f && f.isDone() && !f.isCompletedExceptionally();
    }

    private Throwable attributeThrown(Throwable thrown, CompletionStage<?> downstream) {
        Throwable cause = unwrap(thrown);
        if (targetId == null || isAttributed(cause, downstream, null)) {
            return cause;
        }
        return new MiddlewareException(targetId, targetType, "threw " + describe(cause), cause);
    }

    /** Already named, a cancellation, or a downstream failure passed on unchanged. */
    private static boolean isAttributed(Throwable cause, CompletionStage<?> downstream, CompletionStage<?> latest) {
        return cause instanceof MiddlewareException || cause instanceof CancellationException
                || failedWith(downstream, cause) || failedWith(latest, cause);
    }

    private static boolean failedWith(CompletionStage<?> stage, Throwable cause) {
        if (!(stage instanceof CompletableFuture<?> f) || !f.isCompletedExceptionally()) {
            return false;
        }
        try {
            f.join();
            return false;
        } catch (CompletionException e) {
            return unwrap(e) == cause;
        } catch (CancellationException e) {
            return e == cause;
        }
    }

    static Throwable unwrap(Throwable t) {
        Throwable u = t;
        while ((u instanceof CompletionException || u instanceof ExecutionException) && u.getCause() != null) {
            u = u.getCause();
        }
        return u;
    }

    static String describe(Throwable t) {
        String name = t.getClass().getSimpleName().isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }

    /** Names the target on a failure of the stage it returned; allocated only for such stages. */
    private final class Namer implements Function<Throwable, Response> {
        private final CompletionStage<?> downstreamAtReturn;
        private final Attributes state;

        Namer(CompletionStage<?> downstreamAtReturn, Attributes state) {
            this.downstreamAtReturn = downstreamAtReturn;
            this.state = state;
        }

        @Override
        public Response apply(Throwable failure) {
            Throwable cause = unwrap(failure);
            // state.lastStage covers a middleware that called next asynchronously, after returning.
            if (isAttributed(cause, downstreamAtReturn, state.lastStage)) {
                throw failure instanceof RuntimeException r ? r : new CompletionException(cause);
            }
            throw new MiddlewareException(targetId, targetType, "failed: " + describe(cause), cause);
        }
    }
}
