package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.ChainEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An immutable, built middleware chain in front of a terminal handler. {@link #build} creates every
 * enabled entry's middleware in the given order and composes the handlers once; a request then runs
 * through the pre-built links with no per-request composition. Each link enforces the contract with
 * exact messages: a middleware that calls {@code next} twice for one exchange gets
 * {@code middleware 'rate' (type rate-limit) called next more than once}; one that returns
 * {@code null}, throws or fails has the stage fail with a {@link MiddlewareException} naming it.
 * {@link #handle} never throws for a non-null exchange: failures arrive through the stage.
 * Thread-safe; {@link #close} closes the middleware that are {@link AutoCloseable}. To swap chains
 * while serving, use {@link LiveChain}.
 */
public final class Chain implements Handler, AutoCloseable {

    private final List<Member> members;
    private final Handler entry;
    private final boolean passesThrough;
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Member(ChainEntry entry, Middleware middleware) {
    }

    private Chain(List<Member> members, Handler terminal) {
        this.members = List.copyOf(members);
        // The identity each link writes into the exchange's bookkeeping; not `this`, which is not
        // yet constructed.
        Object token = new Object();
        Handler downstream = terminal;
        String downstreamId = null;
        String downstreamType = null;
        boolean through = true;
        for (int p = members.size(); p > 0; p--) {
            Member caller = members.get(p - 1);
            ChainEntry e = caller.entry();
            Link next = new Link(token, p, downstream, downstreamId, downstreamType,
                    e.id(), e.type(), caller.middleware().callsNextMoreThanOnce());
            Handler handler;
            try {
                handler = caller.middleware().apply(next);
            } catch (RuntimeException | LinkageError ex) {
                throw attribute(e, "apply(next) failed", ex);
            }
            if (handler == null) {
                throw new GraylaneException(path(e) + " (type " + e.type() + "): apply(next) returned null (expected: a handler)");
            }
            through = through && passesThrough(caller.middleware(), next);
            downstream = handler;
            downstreamId = e.id();
            downstreamType = e.type();
        }
        this.entry = new Link(token, 0, downstream, downstreamId, downstreamType, null, null, false);
        this.passesThrough = through;
    }

    /** A middleware whose answer cannot be had counts as one that acts. */
    private static boolean passesThrough(Middleware middleware, Handler next) {
        try {
            return middleware.passesThrough(next);
        } catch (RuntimeException | LinkageError ex) {
            return false;
        }
    }

    /**
     * Builds a chain: checks that ids are unique, then creates the enabled entries' middleware in
     * order through {@code registry} and composes them in front of {@code terminal}. Disabled entries
     * are skipped. On any failure the middleware created so far are closed in reverse order (their
     * close failures are added as suppressed) and the error names the entry that failed.
     *
     * @throws GraylaneException naming the entry, e.g. {@code chain[id=rate].config.limit: -1 (expected: > 0)}
     */
    public static Chain build(List<ChainEntry> entries, MiddlewareRegistry registry, Handler terminal) {
        return build(entries, registry, terminal, ChainListener.NONE);
    }

    /**
     * Builds a chain like {@link #build(List, MiddlewareRegistry, Handler)}, in the order the entries'
     * {@code after}/{@code before} constraints give ({@link ChainOrder}), telling {@code listener} how
     * each entry's creation went.
     *
     * @throws GraylaneException naming the entry, or the ordering problem
     */
    public static Chain build(List<ChainEntry> entries, MiddlewareRegistry registry, Handler terminal,
                              ChainListener listener) {
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(listener, "listener");
        checkIds(entries);
        List<ChainEntry> ordered = ChainOrder.resolve(entries);
        List<Member> created = new ArrayList<>(ordered.size());
        try {
            for (ChainEntry e : ordered) {
                if (!e.enabled()) {
                    continue;
                }
                MiddlewareFactory factory;
                try {
                    factory = registry.factoryFor(e);
                } catch (RuntimeException ex) {
                    listener.loaded(e, false, 0);
                    throw ex;
                }
                Middleware middleware;
                long start = System.nanoTime();
                try {
                    middleware = factory.create(MiddlewareContext.of(e));
                } catch (RuntimeException | LinkageError ex) {
                    listener.loaded(e, false, System.nanoTime() - start);
                    throw attribute(e, "create failed", ex);
                }
                listener.loaded(e, middleware != null, System.nanoTime() - start);
                if (middleware == null) {
                    throw new GraylaneException(path(e) + " (type " + e.type() + "): factory returned null (expected: a middleware)");
                }
                created.add(new Member(e, middleware));
            }
            return new Chain(created, terminal);
        } catch (RuntimeException | Error ex) {
            for (GraylaneException closeFailure : closeAll(created)) {
                ex.addSuppressed(closeFailure);
            }
            throw ex;
        }
    }

    private static void checkIds(List<ChainEntry> entries) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String id = Objects.requireNonNull(entries.get(i), "entries[" + i + "]").id();
            if (id.isEmpty()) {
                throw new GraylaneException("chain[" + i + "].id: \"\" (expected: a non-empty id)");
            }
            Integer first = seen.putIfAbsent(id, i);
            if (first != null) {
                throw new GraylaneException("chain[" + i + "].id: \"" + id + "\" (expected: a unique id; chain["
                        + first + "] has it too)");
            }
        }
    }

    private static String path(ChainEntry e) {
        return "chain[id=" + e.id() + "]";
    }

    /** Keeps an error that already names the entry (the context's getters make those); else names it. */
    private static GraylaneException attribute(ChainEntry e, String what, Throwable ex) {
        String prefix = path(e);
        String message = ex.getMessage();
        if (ex instanceof GraylaneException g && message != null && message.startsWith(prefix)
                && message.length() > prefix.length() && ".: ".indexOf(message.charAt(prefix.length())) >= 0) {
            return g;
        }
        boolean validation = (ex instanceof GraylaneException || ex instanceof IllegalArgumentException) && message != null;
        return new GraylaneException(prefix + " (type " + e.type() + "): "
                + (validation ? message : what + ": " + Link.describe(ex)), ex);
    }

    /** Closes in reverse order; returns one error per failed close, each naming its entry. */
    private static List<GraylaneException> closeAll(List<Member> members) {
        List<GraylaneException> failures = new ArrayList<>(0);
        for (int i = members.size() - 1; i >= 0; i--) {
            Member m = members.get(i);
            if (m.middleware() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception | LinkageError ex) {
                    if (ex instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    failures.add(new GraylaneException(path(m.entry()) + " (type " + m.entry().type()
                            + "): close failed: " + Link.describe(ex), ex));
                }
            }
        }
        return failures;
    }

    /** Runs {@code exchange} through the chain; see the class documentation for the contract. */
    @Override
    public CompletionStage<Response> handle(Exchange exchange) {
        return entry.handle(exchange);
    }

    /**
     * Whether no middleware of this chain has anything to do for a request its terminal handles without
     * throwing or failing at once (each said so: {@link Middleware#passesThrough}; true for a chain
     * without middleware). A server may then send requests straight to what the terminal stands for.
     */
    public boolean passesThrough() {
        return passesThrough;
    }

    /** Ids of the middleware that run, in order (disabled entries are not here). */
    public List<String> ids() {
        List<String> ids = new ArrayList<>(members.size());
        for (Member m : members) {
            ids.add(m.entry().id());
        }
        return List.copyOf(ids);
    }

    /**
     * Closes every middleware that is {@link AutoCloseable}, last first, even when some fail; later
     * calls do nothing. Call it once in-flight requests have drained.
     *
     * @throws GraylaneException listing each entry whose close failed, the failures added as suppressed
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<GraylaneException> failures = closeAll(members);
        if (!failures.isEmpty()) {
            StringBuilder message = new StringBuilder("chain: ").append(failures.size())
                    .append(failures.size() == 1 ? " middleware" : " middlewares").append(" failed to close: ");
            for (int i = 0; i < failures.size(); i++) {
                message.append(i == 0 ? "" : "; ").append(failures.get(i).getMessage());
            }
            GraylaneException e = new GraylaneException(message.toString());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "Chain" + ids();
    }
}
