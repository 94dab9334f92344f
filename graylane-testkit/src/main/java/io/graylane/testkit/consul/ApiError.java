package io.graylane.testkit.consul;

/**
 * An HTTP error answered with a {@code text/plain} body, the way Consul's HTTP layer answers errors.
 * Thrown by endpoints; turned into a response by the server.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, message);
    }

    static ApiError internal(String message) {
        return new ApiError(500, message);
    }
}
