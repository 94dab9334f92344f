package io.graylane.library.context;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * Carries the lane across thread hops. A wrapped task captures the lane bound where it is
 * <em>submitted</em> (with OpenTelemetry's context, when bridged) and runs with exactly that bound —
 * "no lane" included — then restores the worker's previous binding, so a pooled thread never leaks a
 * lane into an unrelated request.
 *
 * <pre>{@code
 * ExecutorService pool = LaneExecutors.wrap(Executors.newFixedThreadPool(8));
 * CompletableFuture.supplyAsync(() -> callOrders(), pool)        // runs in the caller's lane
 *         .thenApplyAsync(this::enrich, pool);                    // see below
 * }</pre>
 *
 * <p><b>CompletableFuture:</b> pass a wrapped executor to every {@code *Async} method. The lane of an
 * {@code *Async} stage is the one bound on the thread that submits it, which is the thread completing
 * the previous stage: a wrapped executor's thread keeps the lane, but a stage completed by a thread
 * Graylane does not know (an HTTP client's, say) has none. {@link #withCurrentLane(Executor)} fixes the
 * lane when the chain is <em>built</em>, which is right for such chains. Non-async stages run on
 * whichever thread completes the future.
 *
 * <p>Virtual threads (JDK 21+) are used through {@link #newVirtualThreadPerTaskExecutor()} and
 * {@link #startVirtualThread(Runnable)}, found by reflection so this library stays Java 17 bytecode.
 * All methods are thread-safe; the wrappers are as thread-safe as what they wrap.
 */
@SuppressWarnings("try") // a scope is opened for its effect on the thread, not read
public final class LaneExecutors {

    private LaneExecutors() {
    }

    /** {@code task}, run with the lane bound now. */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        LaneContext.Captured captured = LaneContext.capture();
        return () -> {
            try (LaneScope ignored = LaneContext.restore(captured)) {
                task.run();
            }
        };
    }

    /** {@code task}, run with the lane bound now. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        LaneContext.Captured captured = LaneContext.capture();
        return () -> {
            try (LaneScope ignored = LaneContext.restore(captured)) {
                return task.call();
            }
        };
    }

    /** {@code supplier}, run with the lane bound now (for {@code CompletableFuture.supplyAsync}). */
    public static <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        LaneContext.Captured captured = LaneContext.capture();
        return () -> {
            try (LaneScope ignored = LaneContext.restore(captured)) {
                return supplier.get();
            }
        };
    }

    /** An executor that runs each task with the lane bound where {@code execute} was called. */
    public static Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        if (executor instanceof ScheduledExecutorService scheduled) {
            return wrap(scheduled);
        }
        if (executor instanceof ExecutorService service) {
            return wrap(service);
        }
        return task -> executor.execute(wrap(task));
    }

    /** An executor service that runs each task with the lane bound where it was submitted. */
    public static ExecutorService wrap(ExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        if (executor instanceof ScheduledExecutorService scheduled) {
            return wrap(scheduled);
        }
        return executor instanceof LaneExecutorService ? executor : new LaneExecutorService(executor);
    }

    /**
     * A scheduled executor that runs each task with the lane bound where it was scheduled; a periodic
     * task runs every time in that lane.
     */
    public static ScheduledExecutorService wrap(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return executor instanceof LaneScheduledExecutorService ? executor : new LaneScheduledExecutorService(executor);
    }

    /**
     * A thread factory whose threads run in the lane bound where {@code newThread} is called (a thread
     * started for a request inherits that request's lane).
     */
    public static ThreadFactory wrapThreadFactory(ThreadFactory factory) {
        Objects.requireNonNull(factory, "factory");
        return task -> factory.newThread(wrap(task));
    }

    /**
     * An executor that runs every task in the lane bound <em>now</em>, whichever thread submits it:
     * for {@code CompletableFuture} chains whose stages are completed by threads that carry no lane.
     */
    public static Executor withCurrentLane(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        LaneContext.Captured captured = LaneContext.capture();
        return task -> {
            Objects.requireNonNull(task, "task");
            executor.execute(() -> {
                try (LaneScope ignored = LaneContext.restore(captured)) {
                    task.run();
                }
            });
        };
    }

    /** Whether the running JDK has virtual threads (JDK 21 and later). */
    public static boolean virtualThreadsSupported() {
        return VirtualThreads.START != null;
    }

    /**
     * Starts a virtual thread that runs {@code task} in the current lane.
     *
     * @throws UnsupportedOperationException on a JDK without virtual threads
     */
    public static Thread startVirtualThread(Runnable task) {
        Runnable wrapped = wrap(task);
        if (VirtualThreads.START == null) {
            throw new UnsupportedOperationException("virtual threads: not available on Java "
                    + Runtime.version().feature() + " (expected: Java 21 or later)");
        }
        return (Thread) VirtualThreads.invoke(VirtualThreads.START, null, wrapped);
    }

    /**
     * A new wrapped virtual-thread-per-task executor, or empty on a JDK without virtual threads (then
     * use a platform pool with {@link #wrap(ExecutorService)}).
     */
    public static Optional<ExecutorService> newVirtualThreadPerTaskExecutor() {
        if (VirtualThreads.PER_TASK == null) {
            return Optional.empty();
        }
        return Optional.of(wrap((ExecutorService) VirtualThreads.invoke(VirtualThreads.PER_TASK, null)));
    }

    /** JDK 21+ methods, looked up once. */
    private static final class VirtualThreads {
        static final Method START = find(Thread.class, "startVirtualThread", Runnable.class);
        static final Method PER_TASK = find(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor");

        private static Method find(Class<?> owner, String name, Class<?>... parameters) {
            try {
                return owner.getMethod(name, parameters);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }

        static Object invoke(Method method, Object target, Object... args) {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(method.getName() + " failed", cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(method.getName() + " is not accessible", e);
            }
        }
    }
}
