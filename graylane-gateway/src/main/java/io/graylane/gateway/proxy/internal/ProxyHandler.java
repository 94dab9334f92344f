package io.graylane.gateway.proxy.internal;

import io.graylane.core.chain.ChainGeneration;
import io.graylane.core.chain.MiddlewareException;
import io.graylane.core.chain.Response;
import io.graylane.core.config.Propagation;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Route;
import io.graylane.core.route.Resolution;
import io.graylane.gateway.middleware.UpstreamFailure;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The proxy exchange of one client connection ({@link ClientConnection} feeds it one request at a
 * time): decides each request (trust, lane, route, resolution, instance) on the snapshot current when
 * it arrived, and has {@link UpstreamRelay} relay it to an upstream connection of the same event loop.
 * Answers by itself when a request is malformed, unroutable or cannot be served. All state lives in
 * fields reused across the connection's exchanges, so the fast path allocates little beyond what the
 * codec does. Used by its event loop only.
 *
 * <p>When the snapshot has a middleware chain, a request that passed the checks and was decided (trust,
 * lane, route, resolution, instance) runs through it as a {@link NettyExchange}; the chain's terminal
 * ({@link ProxyTerminal}) comes back here to forward it ({@link #forward}); the upstream's response
 * head completes that attempt's stage and is <em>held</em> until the chain's own stage completes
 * ({@link #onChainDone}): with that same response, the head is written and the body relayed; with
 * another one (a middleware's 429, 504, 500 …), the attempt is abandoned and that answer written.
 * Without a chain, or with one that {@linkplain io.graylane.core.chain.Chain#passesThrough passes
 * through} (the default {@code [recover]}: nothing after it to catch), none of this runs: the fast
 * path is the plain relay.
 */
final class ProxyHandler extends UpstreamRelay {

    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

    private final Supplier<Instant> now;
    private final LaneDecision decision;
    // What was decided (with the lane decision), for the debug header and error texts.
    private boolean routed;
    /** The fast path's route, for the request observer. */
    private Route fastRoute;
    private Resolution resolution;
    /** The stage of the upstream attempt in progress, until its response head arrives or it fails. */
    private CompletableFuture<Response> attempt;
    /** Whether the chain is being completed from inside the upstream read that brought the head. */
    private boolean completingHead;
    private boolean rewritten;
    private Route chainRoute;
    private String routeHost;
    private Propagation propagation;
    private DebugHeader debugFormatter;

    /**
     * @param idleNanos the client connection's idle timeout, or 0 for none (an HTTP/2 stream, whose
     *                  connection has its own)
     */
    ProxyHandler(ProxyRuntime runtime, LoopResources loop, InetAddress client, long idleNanos) {
        super(runtime, loop, client, idleNanos);
        this.now = runtime::now;
        this.decision = new LaneDecision(observer);
    }

    // ---- deciding ------------------------------------------------------------------------------

    @Override
    void startExchange(HttpRequest r) {
        exchangeId++;
        request = r;
        requestComplete = r instanceof LastHttpContent;
        responseStarted = false;
        informational = false;
        upstreamReusable = false;
        upstreamReused = false;
        closeAfterResponse = false;
        replays = 0;
        decision.clear();
        if (observer != null) {
            startNanos = System.nanoTime();
            answeredStatus = 0;
            answeredFailure = null;
            fastRoute = null;
        }
        routed = false;
        resolution = null;
        instance = null;
        counts = null;
        if (!r.decoderResult().isSuccess()) {
            ReferenceCountUtil.release(r); // a stand-in FullHttpRequest when the start line was bad
            RequestChecks.Refusal refusal = RequestChecks.malformed(r.decoderResult().cause(), options);
            reject(refusal.status(), refusal.reason());
            return;
        }
        keepAlive = HttpUtil.isKeepAlive(r);
        http10 = HttpVersion.HTTP_1_0.equals(r.protocolVersion());
        RequestChecks.Refusal refusal = RequestChecks.check(r, view);
        if (refusal != null) {
            reject(refusal.status(), refusal.reason());
            return;
        }
        HttpHeaders headers = r.headers();
        String host = headers.get(HttpHeaderNames.HOST);
        bodyless = !HttpUtil.isTransferEncodingChunked(r) && HttpUtil.getContentLength(r, 0L) == 0;
        replayable = bodyless && isIdempotent(r.method());

        ProxySnapshot snapshot = runtime.acquire();
        counts = snapshot.counts();
        LaneEngine engine = snapshot.engine();
        decision.decide(engine, headers, view, now);
        Route route = engine.table().route(host, view.path());
        ChainGeneration chain = snapshot.chain();
        if (chain != null && !chain.chain().passesThrough()) {
            startChain(r, engine, chain, route, host);
            return;
        }
        if (route == null) {
            answer(HttpResponseStatus.NOT_FOUND,
                    "no route for host " + Answers.quote(host) + " and path " + Answers.quote(view.path()));
            return;
        }
        routed = true;
        fastRoute = route;
        resolution = engine.table().service(route.service()).resolve(decision.lane);
        if (!resolution.rejected()) {
            instance = resolution.pick(ThreadLocalRandom.current());
        }
        if (instance == null) {
            answer(HttpResponseStatus.SERVICE_UNAVAILABLE, resolution.rejected() ? resolution.rejection()
                    : "no instance of service '" + route.service() + "' can be chosen");
            return;
        }

        ForwardHeaders.removeHopByHop(headers);
        ForwardHeaders.addForwarded(headers, clientIp, host);
        if (host == null) {
            headers.set(HttpHeaderNames.HOST, instance.authority()); // HTTP/1.0 without Host goes on as HTTP/1.1
        }
        decision.propagate(engine.trust().propagation(), headers, loop);
        String uri = route.stripPrefix() ? view.originFormWithout(route.pathPrefix().length()) : view.originForm();
        if (!uri.equals(r.uri())) {
            r.setUri(uri);
        }
        r.setProtocolVersion(HttpVersion.HTTP_1_1);
        UpstreamHandler pooled = loop.pool().acquire(instance.address(), instance.port());
        if (pooled != null) {
            upstreamReused = true;
            bind(pooled);
        } else {
            connect();
        }
    }

    // ---- the chain -----------------------------------------------------------------------------

    /** Runs a decided request through the snapshot's chain (its reference already acquired). */
    private void startChain(HttpRequest r, LaneEngine engine, ChainGeneration chain, Route route, String host) {
        chainRoute = route;
        routeHost = host;
        propagation = engine.trust().propagation();
        rewritten = false;
        routed = route != null;
        if (routed) {
            resolution = engine.table().service(route.service()).resolve(decision.lane);
            if (!resolution.rejected()) {
                instance = resolution.pick(ThreadLocalRandom.current());
            }
        }
        // Middleware see the end-to-end headers only.
        ForwardHeaders.removeHopByHop(r.headers());
        NettyExchange e = new NettyExchange(this, chain, engine, r, view.copy(), decision.lane, decision.source,
                decision.rule, route, resolution, instance, !bodyless, (EventLoop) ctx.channel().eventLoop(),
                observer != null ? startNanos : System.nanoTime());
        exchange = e;
        state = RelayState.CHAIN;
        CompletionStage<Response> stage;
        try {
            stage = chain.chain().handle(e);
        } catch (RuntimeException bug) {
            // Chain.handle does not throw for an exchange; should it, the request must still be answered.
            stage = CompletableFuture.failedFuture(bug);
        }
        stage.whenComplete(e); // e.accept: the outcome goes to onChainDone on this loop
    }

    /**
     * The terminal: sends the exchange to its instance ({@link NettyExchange#instance()}) and completes
     * {@code f} with the response head, or with the gateway's own answer when it cannot.
     */
    void forward(NettyExchange e, CompletableFuture<Response> f) {
        if (e != exchange || isClosed() || state == RelayState.ANSWERING || state == RelayState.IDLE) {
            f.completeExceptionally(new CancellationException("the exchange is over"));
            return;
        }
        if (state != RelayState.CHAIN) {
            abandonAttempt(); // called again (a retry) while the previous attempt still runs or its head waits
        }
        Instance target = e.instance();
        if (target == null) {
            f.complete(unservable(e));
            return;
        }
        attempt = f;
        instance = target;
        e.attempts++;
        e.upstreamFailure = null;
        responseStarted = false;
        informational = false;
        upstreamReusable = false;
        upstreamReused = false;
        replays = 0;
        HttpRequest r = request;
        HttpHeaders headers = r.headers();
        if (!rewritten) {
            rewritten = true;
            if (e.headersAdded()) {
                ForwardHeaders.removeHopByHop(headers); // a middleware may have added some
            }
            ForwardHeaders.addForwarded(headers, clientIp, routeHost);
            String uri = chainRoute.stripPrefix() ? view.originFormWithout(chainRoute.pathPrefix().length())
                    : view.originForm();
            if (!uri.equals(r.uri())) {
                r.setUri(uri);
            }
            r.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        if (routeHost == null) {
            headers.set(HttpHeaderNames.HOST, target.authority());
        }
        decision.propagate(propagation, headers, loop);
        UpstreamHandler pooled = loop.pool().acquire(target.address(), target.port());
        if (pooled != null) {
            upstreamReused = true;
            bind(pooled);
        } else {
            connect();
        }
    }

    /** The terminal's answer when there is no instance: 404 without a route, else 503 with the reason. */
    private Response unservable(NettyExchange e) {
        if (e.route() == null) {
            return Answers.response(HttpResponseStatus.NOT_FOUND,
                    "no route for host " + Answers.quote(routeHost) + " and path " + Answers.quote(e.path()));
        }
        Resolution r = e.resolution();
        return Answers.response(HttpResponseStatus.SERVICE_UNAVAILABLE, r.rejected() ? r.rejection()
                : "no instance of service '" + e.route().service() + "' can be chosen");
    }

    /** A middleware set another lane: it is what travels on. */
    void laneChanged(NettyExchange e, String lane) {
        if (e == exchange) {
            decision.override(lane);
        }
    }

    /** The chain's stage completed: write its answer. */
    void onChainDone(NettyExchange e, Response response, Throwable failure) {
        e.chainDone();
        if (e != exchange || isClosed()) {
            return; // the exchange is over (the connection closed): nobody to answer
        }
        Response answer = response;
        if (failure != null || response == null) {
            answer = chainFailed(e, failure);
        } else if (held.is(response)) {
            relayHeld();
            return;
        } else if (response.isStreaming() || response.status() < 200) {
            log.warn("{} {}: a middleware answered with {} (a streaming response the gateway did not make, or an"
                    + " informational status); answering 500", e.method(), e.path(), response);
            answer = Answers.response(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal error: a middleware answered with a response the gateway cannot send");
        }
        abandonAttempt();
        answerWith(Answers.toNetty(ctx.alloc(), answer));
    }

    /** A failure no {@code recover} middleware turned into a response: 500, logged with its stack. */
    private static Response chainFailed(NettyExchange e, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause == null) {
            cause = new IllegalStateException("the chain completed with null");
        }
        if (cause instanceof CancellationException) {
            log.debug("{} {}: the chain was cancelled: {}", e.method(), e.path(), cause.getMessage());
            return Answers.response(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: request cancelled");
        }
        String text = cause instanceof MiddlewareException m
                ? "internal error in middleware '" + m.middlewareId() + "'" : "internal error";
        log.error("{} {}: {}; answering 500 (add a recover middleware to count these)", e.method(), e.path(),
                cause.getMessage(), cause);
        return Answers.response(HttpResponseStatus.INTERNAL_SERVER_ERROR, text);
    }

    /** Holds a final response head and completes the attempt with it; usually the chain answers at once. */
    @Override
    void holdHead(HttpResponse res, int framing) {
        Response response = held.hold(res, framing);
        exchange.upstreamFailure = null;
        CompletableFuture<Response> f = attempt;
        attempt = null;
        completingHead = true;
        try {
            f.complete(response);
        } finally {
            completingHead = false;
        }
        if (held.head() == res && upstream != null) {
            // A middleware answers later: hold the body meanwhile.
            upstream.channel().config().setAutoRead(false);
        }
    }

    /** The chain answered with the held response: write its head (as middleware left it) and relay the body. */
    private void relayHeld() {
        boolean broken = held.isBroken();
        boolean addedByChain = held.headersAdded();
        int framing = held.framing();
        HttpResponse head = held.release();
        if (broken) {
            ReferenceCountUtil.release(head);
            abandonAttempt();
            answerWith(Answers.text(ctx.alloc(), HttpResponseStatus.BAD_GATEWAY,
                    "upstream closed the connection mid-response: " + upstreamName()));
            return;
        }
        HttpHeaders headers = head.headers();
        if (addedByChain) {
            ForwardHeaders.removeHopByHop(headers); // a middleware may have added some
        }
        closeAfterResponse |= (framing & ForwardHeaders.CLOSE_CLIENT) != 0;
        setConnectionHeader(headers);
        if (debug != null) {
            headers.set(DebugHeader.NAME, debugValue());
        }
        exchange.status = head.status().code();
        countAnswer(exchange.status);
        if (head instanceof LastHttpContent whole) {
            finishExchange(whole); // the response arrived whole: no body was held apart
            return;
        }
        ctx.write(head, ctx.voidPromise());
        flushClient = true;
        HttpContent c;
        while ((c = held.poll()) != null) {
            if (c instanceof LastHttpContent last) {
                finishExchange(last);
                return;
            }
            exchange.responseBytes += c.content().readableBytes();
            ctx.write(c, ctx.voidPromise());
        }
        if (!completingHead) {
            if (upstream != null) {
                upstream.channel().config().setAutoRead(ctx.channel().isWritable());
            }
            flushClient = false;
            ctx.flush();
        }
    }

    /**
     * Gives up the upstream attempt in progress, if any (a retry, or the chain answered otherwise): its
     * connection closes, a held head and body are dropped, and its stage fails with a cancellation.
     */
    private void abandonAttempt() {
        CompletableFuture<Response> f = attempt;
        attempt = null;
        cancelResponseTimeout();
        closeUpstream();
        connectSeq++; // a connect still pending is closed when it completes
        held.clear();
        responseStarted = false;
        informational = false;
        if (state == RelayState.CONNECTING || state == RelayState.FORWARDING) {
            state = RelayState.CHAIN;
        }
        if (f != null) {
            // Later, not now: completing runs middleware callbacks that must not re-enter our caller.
            ctx.executor().execute(() -> f.completeExceptionally(new CancellationException("upstream attempt abandoned")));
        }
    }

    /** The upstream attempt failed before a response: the terminal's stage gets the gateway's answer. */
    @Override
    void failAttempt(HttpResponseStatus status, String reason, UpstreamFailure kind) {
        state = RelayState.CHAIN;
        exchange.upstreamFailure = kind;
        CompletableFuture<Response> f = attempt;
        attempt = null;
        if (f != null) {
            f.complete(Answers.response(status, reason));
        }
    }

    /** Ends the chained exchange: its listeners are told, and its chain reference given back. */
    @Override
    void endExchange(boolean aborted, long nanoTime) {
        NettyExchange e = exchange;
        exchange = null;
        CompletableFuture<Response> f = attempt;
        attempt = null;
        held.clear();
        e.end(aborted, nanoTime);
        if (observer != null) {
            observer.requestCompleted(e.route(), e.lane(), e.resolution(), e.status, e.endNanos() - e.startNanos(),
                    e.upstreamFailure);
        }
        if (f != null) {
            f.completeExceptionally(new CancellationException("the client connection closed"));
        }
    }

    @Override
    void observeFastPath(boolean aborted, long nanoTime) {
        observer.requestCompleted(fastRoute, decision.lane, fastRoute == null ? null : resolution, answeredStatus,
                nanoTime - startNanos, answeredFailure);
    }

    static void listenerFailed(RuntimeException e) {
        log.warn("an exchange completion listener failed: {}", e.toString(), e);
    }

    private static boolean isIdempotent(HttpMethod m) {
        return HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m) || HttpMethod.OPTIONS.equals(m)
                || HttpMethod.PUT.equals(m) || HttpMethod.DELETE.equals(m) || HttpMethod.TRACE.equals(m);
    }

    // ---- texts ---------------------------------------------------------------------------------

    @Override
    String debugValue() {
        return exchange != null ? debugValue(exchange)
                : debug.format(decision.lane, decision.source, decision.rule, routed, resolution, instance);
    }

    /** The debug header value of a chained exchange as it stands (its instance may have changed). */
    String debugValue(NettyExchange e) {
        DebugHeader d = debug;
        if (d == null) {
            d = debugFormatter == null ? debugFormatter = new DebugHeader() : debugFormatter;
        }
        return d.format(e.lane(), e.laneSource(), e.rule(), e.route() != null, e.resolution(), e.instance());
    }
}
