package io.graylane.testkit.consul;

/** A filter expression that cannot be parsed or does not fit the endpoint's selectors. */
final class FilterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    FilterException(int offset, String message) {
        super("1:" + (offset + 1) + " (" + offset + "): " + message, null, false, false);
    }

    FilterException(String message) {
        super(message, null, false, false);
    }
}
