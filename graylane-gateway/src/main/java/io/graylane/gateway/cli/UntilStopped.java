package io.graylane.gateway.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Serving until the process is asked to stop (SIGTERM, SIGINT / Ctrl-C): the stop action runs in a JVM
 * shutdown hook, and the command's thread waits for it to finish.
 */
final class UntilStopped {

    private UntilStopped() {
    }

    /** Registers {@code stop} to run on SIGTERM/SIGINT and blocks until it has run. */
    static void await(String name, Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                stopped.countDown();
            }
        }, name + "-shutdown"));
        stopped.await();
    }
}
