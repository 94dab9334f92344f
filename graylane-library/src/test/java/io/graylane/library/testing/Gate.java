package io.graylane.library.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds one request in the application until the test opens it, so a reload can happen while it is in
 * flight: the application calls {@link #hold()}, the test waits with {@link #awaitHeld()} and lets it go
 * with {@link #open()} (also in its clean-up). A held request gives up after 10 seconds. Thread-safe.
 */
public final class Gate {

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);

    /** Called by the application: says a request is held, then waits until the gate opens. */
    public void hold() {
        held.countDown();
        try {
            opened.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a request was held within 10 seconds. */
    public boolean awaitHeld() throws InterruptedException {
        return held.await(10, TimeUnit.SECONDS);
    }

    /** Lets the held request (and any later one) go on. */
    public void open() {
        opened.countDown();
    }
}
