package io.graylane.consul;

/** Something to cancel: a listener registration, a pooled watch handle. {@link #close()} is idempotent. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Cancels; calling it again does nothing. Never throws a checked exception. */
    @Override
    void close();
}
