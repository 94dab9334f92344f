package io.graylane.core;

/**
 * Root of Graylane's single unchecked exception tree. Messages name where the problem is
 * (config path, middleware id, header) and what was expected.
 */
public class GraylaneException extends RuntimeException {
    public GraylaneException(String message) {
        super(message);
    }

    public GraylaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
