package io.graylane.core.chain;

import io.graylane.core.GraylaneException;

/**
 * A failure attributed to one middleware of a chain: it broke the contract (called {@code next}
 * twice, returned {@code null}) or failed. The message starts with
 * {@code middleware 'id' (type t)}; the original failure, if any, is the cause.
 */
public final class MiddlewareException extends GraylaneException {

    private final String middlewareId;
    private final String middlewareType;

    /**
     * @param middlewareId   the chain entry's id
     * @param middlewareType the chain entry's type
     * @param problem        what happened, e.g. {@code returned null}
     * @param cause          the original failure, or {@code null}
     */
    public MiddlewareException(String middlewareId, String middlewareType, String problem, Throwable cause) {
        super("middleware '" + middlewareId + "' (type " + middlewareType + ") " + problem, cause);
        this.middlewareId = middlewareId;
        this.middlewareType = middlewareType;
    }

    /** The id of the chain entry it is attributed to. */
    public String middlewareId() {
        return middlewareId;
    }

    /** The type of the chain entry it is attributed to. */
    public String middlewareType() {
        return middlewareType;
    }
}
