package io.graylane.testkit.consul;

/**
 * Thrown inside a request when its connection must end without any HTTP response
 * (outage, simulator closing). The server closes the exchange abruptly.
 */
final class DroppedConnection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DroppedConnection() {
        super("connection dropped", null, false, false);
    }
}
