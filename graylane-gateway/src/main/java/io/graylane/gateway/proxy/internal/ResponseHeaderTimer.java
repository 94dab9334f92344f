package io.graylane.gateway.proxy.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The response-header timeout of one client connection. The timer is armed once and re-arms itself
 * while exchanges come and go: {@link #start} and {@link #stop} only set the deadline, so that no task
 * is scheduled and cancelled per request. The deadline is always at or after the timer fires. Used by
 * its event loop only.
 */
final class ResponseHeaderTimer {

    private final BooleanSupplier connectionClosed;
    private final LongConsumer expired;
    private final Runnable onFire = this::fired;
    private EventExecutor executor;
    private ScheduledFuture<?> task;
    /** {@link System#nanoTime()} by which the response head must have arrived; 0 when not waiting. */
    private long deadline;
    private long exchangeId;

    /**
     * @param connectionClosed whether the connection is closed (the timer then stops re-arming)
     * @param expired          told the id of the exchange whose deadline passed
     */
    ResponseHeaderTimer(BooleanSupplier connectionClosed, LongConsumer expired) {
        this.connectionClosed = connectionClosed;
        this.expired = expired;
    }

    /** Waits {@code timeoutNanos} for exchange {@code id}'s response head. */
    void start(EventExecutor loop, long timeoutNanos, long id) {
        exchangeId = id;
        deadline = System.nanoTime() + timeoutNanos;
        if (deadline == 0) {
            deadline = 1; // 0 means "not waiting"
        }
        if (task == null && !connectionClosed.getAsBoolean()) {
            executor = loop;
            task = loop.schedule(onFire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The response head arrived, or the exchange is over. */
    void stop() {
        deadline = 0;
    }

    /** The connection closed: stops waiting and cancels the timer. */
    void close() {
        deadline = 0;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void fired() {
        task = null;
        if (deadline == 0 || connectionClosed.getAsBoolean()) {
            return; // not waiting: the next exchange arms the timer again
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            task = executor.schedule(onFire, left, TimeUnit.NANOSECONDS);
            return;
        }
        deadline = 0;
        expired.accept(exchangeId);
    }
}
