package io.graylane.gateway.proxy.internal;

import io.graylane.core.chain.Attributes;
import io.graylane.core.chain.ChainGeneration;
import io.graylane.core.chain.Headers;
import io.graylane.core.chain.Response;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.engine.LaneSource;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Route;
import io.graylane.core.route.Resolution;
import io.graylane.gateway.middleware.GatewayExchange;
import io.graylane.gateway.middleware.UpstreamFailure;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The {@link GatewayExchange} of one request that runs through a chain: reads the Netty request in
 * place (headers are {@link NettyHeaders} over Netty's, not a copy), carries the lane, route,
 * resolution and instance decided before the chain, and talks back to its connection's
 * {@link ProxyHandler} for the terminal's forwarding. One per chained request; used on its event loop.
 * It is also the callback of its chain's stage ({@link #accept}), so that none is allocated per request.
 */
final class NettyExchange implements GatewayExchange, BiConsumer<Response, Throwable> {

    private final ProxyHandler handler;
    private final ChainGeneration generation;
    private final LaneEngine engine;
    private final NettyRequestView view;
    private final HttpHeaders requestHeaders;
    /** The middleware's view of {@link #requestHeaders}, made when one asks (the default chain never does). */
    private NettyHeaders headers;
    private final Attributes attributes = new Attributes();
    private final Route route;
    private final LaneSource laneSource;
    private final String rule;
    private final boolean hasBody;
    private final long startNanos;
    private final EventLoop loop;

    private String lane;
    private Resolution resolution;
    private Instance instance;

    // Kept by the ProxyHandler.
    boolean bodyStarted;
    int attempts;
    UpstreamFailure upstreamFailure;
    int status;
    long responseBytes;

    private List<Consumer<? super Completion>> listeners;
    /** Made when the exchange ends with listeners to tell, or when one is added after the end. */
    private Completion completion;
    private boolean ended;
    private boolean endedAborted;
    private int endStatus;
    private long endBytes;
    private long endNanos;
    private boolean chainDone;

    NettyExchange(ProxyHandler handler, ChainGeneration generation, LaneEngine engine, HttpRequest request,
                  NettyRequestView view, String lane, LaneSource laneSource, String rule, Route route,
                  Resolution resolution, Instance instance, boolean hasBody, EventLoop loop, long startNanos) {
        this.handler = handler;
        this.generation = generation;
        this.engine = engine;
        this.view = view;
        this.requestHeaders = request.headers();
        this.lane = lane;
        this.laneSource = laneSource;
        this.rule = rule;
        this.route = route;
        this.resolution = resolution;
        this.instance = instance;
        this.hasBody = hasBody;
        this.loop = loop;
        this.startNanos = startNanos;
        attributes.set(KEY, this);
    }

    // ---- Exchange ------------------------------------------------------------------------------

    @Override
    public String method() {
        return view.method();
    }

    @Override
    public String path() {
        return view.path();
    }

    @Override
    public String queryString() {
        return view.queryString();
    }

    @Override
    public Headers headers() {
        NettyHeaders h = headers;
        if (h == null) {
            h = headers = new NettyHeaders(requestHeaders);
        }
        return h;
    }

    /** Whether a middleware set or added a request header (then hop-by-hop ones are stripped again). */
    boolean headersAdded() {
        return headers != null && headers.added();
    }

    @Override
    public String header(String name) {
        return requestHeaders.get(name);
    }

    @Override
    public String cookie(String name) {
        return view.cookie(name);
    }

    @Override
    public String query(String name) {
        return view.query(name);
    }

    @Override
    public InetAddress clientAddress() {
        return view.clientAddress();
    }

    @Override
    public byte[] clientAddressBytes() {
        return view.clientAddressBytes();
    }

    @Override
    public String lane() {
        return lane;
    }

    /** A new lane re-resolves the route's service at once, so later middleware see the new instance. */
    @Override
    public void setLane(String newLane) {
        if (Objects.equals(newLane, lane)) {
            return;
        }
        lane = newLane;
        if (route != null) {
            resolution = engine.table().service(route.service()).resolve(newLane);
            instance = resolution.rejected() ? null : resolution.pick(ThreadLocalRandom.current());
        }
        handler.laneChanged(this, newLane);
    }

    @Override
    public Attributes attributes() {
        return attributes;
    }

    // ---- GatewayExchange -----------------------------------------------------------------------

    @Override
    public Route route() {
        return route;
    }

    @Override
    public Resolution resolution() {
        return resolution;
    }

    @Override
    public Instance instance() {
        return instance;
    }

    @Override
    public void setInstance(Instance target) {
        Objects.requireNonNull(target, "instance");
        if (resolution == null || !resolution.subset().contains(target)) {
            throw new IllegalArgumentException("instance: " + target.id() + " (expected: an instance of the subset "
                    + (resolution == null ? "[] (no route)" : ids(resolution.subset())) + ")");
        }
        instance = target;
    }

    private static String ids(List<Instance> instances) {
        StringBuilder sb = new StringBuilder("[");
        for (Instance i : instances) {
            sb.append(sb.length() == 1 ? "" : ", ").append(i.id());
        }
        return sb.append(']').toString();
    }

    /**
     * Weighted reservoir sampling in one pass, no allocation. As in the engine's picker, instances of
     * weight 0 are chosen only when every accepted instance has weight 0.
     */
    @Override
    public Instance pickInstance(Predicate<? super Instance> allowed) {
        if (resolution == null) {
            return null;
        }
        List<Instance> subset = resolution.subset();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Instance weighted = null;
        long total = 0;
        Instance zero = null;
        int zeros = 0;
        for (int i = 0, n = subset.size(); i < n; i++) {
            Instance candidate = subset.get(i);
            if (!allowed.test(candidate)) {
                continue;
            }
            int w = candidate.weight();
            if (w > 0) {
                total += w;
                if (random.nextLong(total) < w) {
                    weighted = candidate;
                }
            } else if (random.nextInt(++zeros) == 0) {
                zero = candidate;
            }
        }
        return weighted != null ? weighted : zero;
    }

    @Override
    public LaneSource laneSource() {
        return laneSource;
    }

    @Override
    public String rule() {
        return rule;
    }

    @Override
    public String debugHeader() {
        return handler.debugValue(this);
    }

    @Override
    public boolean requestHasBody() {
        return hasBody;
    }

    @Override
    public boolean requestBodyStarted() {
        return bodyStarted;
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public UpstreamFailure upstreamFailure() {
        return upstreamFailure;
    }

    @Override
    public long startNanos() {
        return startNanos;
    }

    /** {@link System#nanoTime()} when the exchange ended (0 before). */
    long endNanos() {
        return endNanos;
    }

    @Override
    public ScheduledExecutorService executor() {
        return loop;
    }

    @Override
    public void onComplete(Consumer<? super Completion> listener) {
        Objects.requireNonNull(listener, "listener");
        if (ended) {
            listener.accept(completion());
            return;
        }
        if (listeners == null) {
            listeners = new ArrayList<>(2);
        }
        listeners.add(listener);
    }

    // ---- the proxy's side ----------------------------------------------------------------------

    /** The terminal: forwards on the event loop; the stage completes there. */
    CompletableFuture<Response> forward() {
        CompletableFuture<Response> attempt = new CompletableFuture<>();
        if (loop.inEventLoop()) {
            handler.forward(this, attempt);
        } else {
            loop.execute(() -> handler.forward(this, attempt));
        }
        return attempt;
    }

    /** The chain's stage completed (any thread): hand the outcome to the connection on its loop. */
    @Override
    public void accept(Response response, Throwable failure) {
        if (loop.inEventLoop()) {
            handler.onChainDone(this, response, failure);
        } else {
            loop.execute(() -> handler.onChainDone(this, response, failure));
        }
    }

    /** Marks the chain's stage done; releases the chain when the exchange is over too. */
    void chainDone() {
        if (!chainDone) {
            chainDone = true;
            if (ended) {
                generation.release();
            }
        }
    }

    /** The exchange is over: tells the listeners, and releases the chain when its stage is done too. */
    void end(boolean aborted, long nanoTime) {
        if (ended) {
            return;
        }
        ended = true;
        endedAborted = aborted;
        endStatus = status;
        endBytes = responseBytes;
        endNanos = nanoTime;
        List<Consumer<? super Completion>> toCall = listeners;
        listeners = null;
        if (toCall != null) {
            Completion done = completion();
            for (Consumer<? super Completion> listener : toCall) {
                try {
                    listener.accept(done);
                } catch (RuntimeException e) {
                    ProxyHandler.listenerFailed(e);
                }
            }
        }
        if (chainDone) {
            generation.release();
        }
    }

    /** How the exchange ended, made once (after {@link #end}). */
    private Completion completion() {
        Completion c = completion;
        if (c == null) {
            c = completion = new Completion(endStatus, endBytes, endedAborted, endNanos);
        }
        return c;
    }

    @Override
    public String toString() {
        return method() + " " + path() + " lane=" + lane + " instance=" + (instance == null ? "-" : instance.id());
    }
}
