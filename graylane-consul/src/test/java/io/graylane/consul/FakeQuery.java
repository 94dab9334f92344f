package io.graylane.consul;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.fail;

/** A blocking query the test answers by hand: each read waits in {@link #next()} until completed. */
final class FakeQuery<T> implements Watch.Query<T> {

    /** One read the watch issued. */
    record Read<T>(long index, Duration waitTime, CompletableFuture<ConsulResponse<T>> future) {
        void answer(T value, long consulIndex) {
            future.complete(new ConsulResponse<>(value, new QueryMeta(consulIndex, true, Duration.ZERO)));
        }

        void fail(RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    private final LinkedBlockingQueue<Read<T>> reads = new LinkedBlockingQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public CompletableFuture<ConsulResponse<T>> read(long index, Duration wait) {
        CompletableFuture<ConsulResponse<T>> f = new CompletableFuture<>();
        count.incrementAndGet();
        reads.add(new Read<>(index, wait, f));
        return f;
    }

    /** The next read the watch issues (waits up to 10 s for it). */
    Read<T> next() {
        try {
            Read<T> r = reads.poll(10, TimeUnit.SECONDS);
            if (r == null) {
                fail("the watch issued no read within 10s");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How many reads were issued so far. */
    int count() {
        return count.get();
    }
}
