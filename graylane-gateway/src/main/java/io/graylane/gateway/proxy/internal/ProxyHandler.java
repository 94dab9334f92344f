package io.graylane.gateway.proxy.internal;

import io.graylane.core.engine.LaneEngine;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Route;
import io.graylane.core.route.Resolution;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The proxy exchange of one client connection ({@link ClientConnection} feeds it one request at a
 * time): decides each request (trust, lane, route, resolution, instance) on the engine current when
 * it arrived, and relays it to an upstream connection of the same event loop, streaming bodies both
 * ways with backpressure.
 * Answers by itself when a request is malformed, unroutable or cannot be served. All state lives in
 * fields reused across the connection's exchanges, so the fast path allocates little beyond what the
 * codec does. Used by its event loop only.
 */
final class ProxyHandler extends ClientConnection {

    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

    private enum State {
        /** Waiting for a request. */
        IDLE,
        /** Request decided; waiting for an upstream connection. */
        CONNECTING,
        /** Relaying the exchange. */
        FORWARDING,
        /** Answering by itself once the (bodyless) request has fully arrived. */
        ANSWERING
    }

    private final ProxyRuntime runtime;
    private final ProxyOptions options;
    private final LoopResources loop;
    private final NettyRequestView view;
    private final String clientIp;
    private final DebugHeader debug;
    private final Runnable onResponseTimeout = this::responseTimedOut;
    private final Supplier<Instant> now;
    private final LaneDecision decision = new LaneDecision();

    private State state = State.IDLE;
    private boolean flushUpstream;
    private boolean flushClient;

    // The exchange in progress; reset by startExchange.
    private long exchangeId;
    private HttpRequest request;
    private boolean keepAlive;
    private boolean http10;
    private boolean bodyless;
    private boolean replayable;
    private boolean requestComplete;
    private boolean responseStarted;
    private boolean informational;
    private boolean upstreamReusable;
    private boolean upstreamReused;
    private boolean closeAfterResponse;
    private int attempts;
    private UpstreamHandler upstream;
    private ScheduledFuture<?> responseTimeout;
    private long timeoutExchangeId;
    private FullHttpResponse pendingAnswer;
    // What was decided (with the lane decision), for the debug header and error texts.
    private boolean routed;
    private Resolution resolution;
    private Instance instance;

    ProxyHandler(ProxyRuntime runtime, LoopResources loop, InetAddress client) {
        super(runtime.draining());
        this.runtime = runtime;
        this.options = runtime.options();
        this.loop = loop;
        this.view = new NettyRequestView(client);
        this.clientIp = client == null ? "unknown" : client.getHostAddress();
        this.debug = options.debugHeader() ? new DebugHeader() : null;
        this.now = runtime::now;
    }

    // ---- the client connection -----------------------------------------------------------------

    @Override
    boolean dispatch(HttpObject obj) {
        switch (state) {
            case IDLE -> {
                if (obj instanceof HttpRequest r) {
                    startExchange(r);
                } else {
                    // The rest of a request whose exchange ended early (the answer closed the connection).
                    ReferenceCountUtil.release(obj);
                }
                return true;
            }
            case FORWARDING -> {
                if (!requestComplete && obj instanceof HttpContent c) {
                    forwardContent(c);
                    return true;
                }
                return false;
            }
            case ANSWERING -> {
                if (!requestComplete && obj instanceof HttpContent c) {
                    boolean last = c instanceof LastHttpContent;
                    ReferenceCountUtil.release(c);
                    if (last) {
                        requestComplete = true;
                        sendAnswer();
                    }
                    return true;
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    @Override
    boolean exchangeInFlight() {
        return state != State.IDLE;
    }

    @Override
    boolean forwardSideWritable() {
        return upstream == null || upstream.channel().isWritable();
    }

    @Override
    void flushForwarded() {
        if (flushUpstream) {
            flushUpstream = false;
            if (upstream != null) {
                upstream.channel().flush();
            }
        }
    }

    @Override
    void clientWritabilityChanged(boolean writable) {
        if (upstream != null) {
            upstream.channel().config().setAutoRead(writable);
        }
    }

    @Override
    void released() {
        state = State.IDLE;
        cancelResponseTimeout();
        closeUpstream();
        if (pendingAnswer != null) {
            pendingAnswer.release();
            pendingAnswer = null;
        }
    }

    // ---- deciding ------------------------------------------------------------------------------

    private void startExchange(HttpRequest r) {
        exchangeId++;
        request = r;
        requestComplete = r instanceof LastHttpContent;
        responseStarted = false;
        informational = false;
        upstreamReusable = false;
        upstreamReused = false;
        closeAfterResponse = false;
        attempts = 0;
        decision.clear();
        routed = false;
        resolution = null;
        instance = null;
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

        LaneEngine engine = runtime.engine();
        decision.decide(engine, headers, view, now);
        Route route = engine.table().route(host, view.path());
        if (route == null) {
            answer(HttpResponseStatus.NOT_FOUND,
                    "no route for host " + Answers.quote(host) + " and path " + Answers.quote(view.path()));
            return;
        }
        routed = true;
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

    private static boolean isIdempotent(HttpMethod m) {
        return HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m) || HttpMethod.OPTIONS.equals(m)
                || HttpMethod.PUT.equals(m) || HttpMethod.DELETE.equals(m) || HttpMethod.TRACE.equals(m);
    }

    // ---- forwarding the request ----------------------------------------------------------------

    private void connect() {
        state = State.CONNECTING;
        long id = exchangeId;
        ChannelFuture f = loop.connect(instance.address(), instance.port());
        if (f.isDone()) {
            connected(f, id);
        } else {
            f.addListener((ChannelFutureListener) done -> connected(done, id));
        }
    }

    private void connected(ChannelFuture f, long id) {
        if (id != exchangeId || state != State.CONNECTING || isClosed()) {
            if (f.isSuccess()) {
                f.channel().close(); // the client went away meanwhile
            }
            return;
        }
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            if (cause instanceof ConnectTimeoutException) {
                answerUpstreamError(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream connect timeout: " + upstreamName()
                        + ": no connection within " + options.connectTimeoutMillis() + " ms");
            } else {
                answerUpstreamError(HttpResponseStatus.BAD_GATEWAY,
                        "upstream connect error: " + upstreamName() + ": " + Answers.describeIo(cause));
            }
            return;
        }
        UpstreamHandler h = f.channel().pipeline().get(UpstreamHandler.class);
        h.init(instance.address(), instance.port());
        bind(h);
    }

    /** Gives the exchange upstream connection {@code h} and sends the request head and what body is queued. */
    private void bind(UpstreamHandler h) {
        upstream = h;
        h.bind(this);
        state = State.FORWARDING;
        Channel uc = h.channel();
        uc.config().setAutoRead(ctx.channel().isWritable());
        uc.write(request, uc.voidPromise());
        if (requestComplete) {
            // A retry: the (empty) body was sent with the first attempt.
            uc.write(LastHttpContent.EMPTY_LAST_CONTENT, uc.voidPromise());
            startResponseTimeout();
        }
        flushUpstream = true;
        processInbox();
        if (!inRead()) {
            flushForwarded();
        }
    }

    private void forwardContent(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (last) {
            // Request trailers are dropped: rare in HTTP/1.1, and folding in them cannot be vetted.
            HttpHeaders trailers = ((LastHttpContent) c).trailingHeaders();
            if (!trailers.isEmpty()) {
                trailers.clear();
            }
        }
        Channel uc = upstream.channel();
        uc.write(c, uc.voidPromise());
        flushUpstream = true;
        if (last) {
            requestComplete = true;
            if (!responseStarted) {
                startResponseTimeout();
            }
        }
    }

    private void startResponseTimeout() {
        cancelResponseTimeout();
        timeoutExchangeId = exchangeId;
        responseTimeout = ctx.executor().schedule(onResponseTimeout, options.responseHeaderTimeoutNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void cancelResponseTimeout() {
        if (responseTimeout != null) {
            responseTimeout.cancel(false);
            responseTimeout = null;
        }
    }

    private void responseTimedOut() {
        responseTimeout = null;
        if (timeoutExchangeId != exchangeId || upstream == null || responseStarted) {
            return;
        }
        answerUpstreamError(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream timeout: " + upstreamName()
                + ": no response headers within " + TimeUnit.NANOSECONDS.toMillis(options.responseHeaderTimeoutNanos())
                + " ms");
    }

    // ---- relaying the response -----------------------------------------------------------------

    void onUpstreamMessage(UpstreamHandler h, HttpObject msg) {
        if (h != upstream) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse res) {
            onResponseHead(res);
            return;
        }
        HttpContent c = (HttpContent) msg;
        if (!c.decoderResult().isSuccess()) {
            c.release();
            abortResponse("upstream sent an invalid body", c.decoderResult().cause());
            return;
        }
        if (informational) {
            // The end of a 1xx response; the final response follows.
            informational = !(c instanceof LastHttpContent);
            ctx.write(c, ctx.voidPromise());
            flushClient = true;
            return;
        }
        if (c instanceof LastHttpContent last) {
            finishExchange(last);
        } else {
            ctx.write(c, ctx.voidPromise());
            flushClient = true;
        }
    }

    private void onResponseHead(HttpResponse res) {
        if (!res.decoderResult().isSuccess()) {
            Throwable cause = res.decoderResult().cause();
            ReferenceCountUtil.release(res);
            answerUpstreamError(HttpResponseStatus.BAD_GATEWAY,
                    "upstream sent an invalid response: " + upstreamName() + ": " + Answers.describe(cause));
            return;
        }
        int code = res.status().code();
        if (code == 101) {
            ReferenceCountUtil.release(res);
            answerUpstreamError(HttpResponseStatus.BAD_GATEWAY,
                    "upstream switched protocols: " + upstreamName() + ": upgrades are not supported");
            return;
        }
        HttpHeaders headers = res.headers();
        boolean upstreamKeepAlive = HttpUtil.isKeepAlive(res); // before Connection goes
        ForwardHeaders.removeHopByHop(headers);
        res.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (code < 200) {
            informational = true;
            ctx.write(res, ctx.voidPromise());
            flushClient = true;
            return;
        }
        cancelResponseTimeout();
        responseStarted = true;
        int framing = ForwardHeaders.frameResponse(res, upstreamKeepAlive,
                HttpMethod.HEAD.equals(request.method()), http10);
        upstreamReusable = (framing & ForwardHeaders.UPSTREAM_NOT_REUSABLE) == 0;
        closeAfterResponse |= (framing & ForwardHeaders.CLOSE_CLIENT) != 0;
        setConnectionHeader(headers);
        if (debug != null) {
            headers.set(DebugHeader.NAME, debugValue());
        }
        ctx.write(res, ctx.voidPromise());
        flushClient = true;
    }

    void onUpstreamReadComplete(UpstreamHandler h) {
        if (h == upstream && flushClient) {
            flushClient = false;
            ctx.flush();
        }
    }

    void onUpstreamWritabilityChanged(UpstreamHandler h) {
        if (h == upstream) {
            updateReading();
        }
    }

    void onUpstreamClosed(UpstreamHandler h, Throwable cause) {
        if (h != upstream) {
            return;
        }
        upstream = null;
        if (responseStarted) {
            abortResponse("upstream closed the connection mid-response", cause);
            return;
        }
        cancelResponseTimeout();
        if (upstreamReused && replayable && attempts == 0) {
            // A pooled connection the upstream had just closed: nothing was processed, so try a fresh one.
            attempts++;
            upstreamReused = false;
            informational = false;
            connect();
            return;
        }
        answerUpstreamError(HttpResponseStatus.BAD_GATEWAY, "upstream closed the connection before responding: "
                + upstreamName() + (cause == null ? "" : ": " + Answers.describeIo(cause)));
    }

    private void finishExchange(LastHttpContent last) {
        UpstreamHandler h = upstream;
        upstream = null;
        h.unbind();
        Channel uc = h.channel();
        if (upstreamReusable && requestComplete && uc.isActive()) {
            uc.config().setAutoRead(true);
            if (!loop.pool().release(h)) {
                uc.close();
            }
        } else {
            uc.close();
        }
        complete(last);
    }

    /** The upstream failed mid-response: no status can be sent any more, so the client connection closes. */
    private void abortResponse(String what, Throwable cause) {
        log.debug("{}: {}: {}", what, upstreamName(), cause == null ? "closed" : cause.toString());
        closeUpstream();
        ctx.flush();
        close();
    }

    private void closeUpstream() {
        UpstreamHandler h = upstream;
        if (h != null) {
            upstream = null;
            h.unbind();
            h.channel().close();
        }
    }

    // ---- answering by itself -------------------------------------------------------------------

    /** Answers a request that must not be served and closes the connection: the stream may be out of sync. */
    private void reject(HttpResponseStatus status, String reason) {
        log.debug("rejected request from {}: {} {}", clientIp, status.code(), reason);
        closeAfterResponse = true;
        pendingAnswer = Answers.text(ctx.alloc(), status, reason);
        sendAnswer();
    }

    /**
     * Answers a routable request by itself (404, 503): at once when its body has arrived or it has none
     * (after its end), else at once and then close, rather than reading a body nobody wants.
     */
    private void answer(HttpResponseStatus status, String reason) {
        FullHttpResponse response = Answers.text(ctx.alloc(), status, reason);
        if (debug != null) {
            response.headers().set(DebugHeader.NAME, debugValue());
        }
        pendingAnswer = response;
        state = State.ANSWERING;
        if (requestComplete) {
            sendAnswer();
        } else if (!bodyless) {
            closeAfterResponse = true;
            sendAnswer();
        } else {
            processInbox(); // the request's empty end may be queued already
        }
    }

    /** A 502 or 504 once the upstream failed before its response started. */
    private void answerUpstreamError(HttpResponseStatus status, String reason) {
        log.debug("{} for {} {}: {}", status.code(), request.method(), view.path(), reason);
        cancelResponseTimeout();
        closeUpstream();
        answer(status, reason);
    }

    private void sendAnswer() {
        FullHttpResponse response = pendingAnswer;
        pendingAnswer = null;
        setConnectionHeader(response.headers());
        complete(response);
    }

    private void setConnectionHeader(HttpHeaders headers) {
        if (!requestComplete || !keepAlive || drainRequested() || runtime.draining()) {
            closeAfterResponse = true;
        }
        if (closeAfterResponse) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** Writes the exchange's last message, then takes the next request or closes. */
    private void complete(Object lastMessage) {
        cancelResponseTimeout();
        flushClient = false;
        request = null;
        state = State.IDLE;
        if (closeAfterResponse) {
            closeAfter(lastMessage);
            return;
        }
        ctx.writeAndFlush(lastMessage, ctx.voidPromise());
        if (drainRequested() && inboxEmpty()) {
            close();
            return;
        }
        processInbox();
    }

    // ---- texts ---------------------------------------------------------------------------------

    private String debugValue() {
        return debug.format(decision.lane, decision.source, decision.rule, routed, resolution, instance);
    }

    private String upstreamName() {
        return instance == null ? "(none)" : instance.id() + " " + instance.authority();
    }
}
