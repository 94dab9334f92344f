package io.graylane.gateway.proxy.internal;

import io.graylane.core.model.Instance;
import io.graylane.gateway.middleware.UpstreamFailure;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * One client connection's exchange with its upstream, one request at a time: forwarding the request
 * to an upstream connection of the same event loop (pooled or opened), relaying the response with
 * backpressure both ways, the response-header timeout ({@link ResponseHeaderTimer}), and turning
 * upstream failures into 502 and 504 answers (written by {@link ClientExchange}, which keeps the
 * exchange's state). Deciding where a request goes, and running it through a
 * middleware chain, is the subclass's ({@link ProxyHandler}): it starts each exchange, and in chained
 * exchanges it takes the response head ({@link #holdHead}) and upstream failures ({@link #failAttempt})
 * instead of having them written at once. Used by its event loop only.
 */
abstract class UpstreamRelay extends ClientExchange {

    private static final Logger log = LoggerFactory.getLogger(UpstreamRelay.class);

    private final ResponseHeaderTimer responseTimer = new ResponseHeaderTimer(this::isClosed, this::responseTimedOut);

    private boolean flushUpstream;
    boolean responseStarted;
    boolean informational;
    boolean upstreamReusable;
    boolean upstreamReused;
    int replays;
    long connectSeq;
    UpstreamHandler upstream;
    /** The instance the current (or last) upstream attempt goes to. */
    Instance instance;
    /** A response head the chain has not answered yet. */
    final HeldResponse held = new HeldResponse();

    UpstreamRelay(ProxyRuntime runtime, LoopResources loop, InetAddress client, long idleNanos) {
        super(runtime, loop, client, idleNanos);
    }

    // ---- what the subclass decides -------------------------------------------------------------

    /** A new request arrived (the connection is idle): check, decide and forward or answer it. */
    abstract void startExchange(HttpRequest request);

    /** Chained exchanges: the final response head of the attempt arrived; hand it to the chain. */
    abstract void holdHead(HttpResponse head, int framing);

    /** Chained exchanges: the attempt failed before a response; the chain gets the gateway's answer. */
    abstract void failAttempt(HttpResponseStatus status, String reason, UpstreamFailure kind);

    /** Chained exchanges: the exchange is over, normally or cut off. */
    abstract void endExchange(boolean aborted, long nanoTime);

    /** Fast path, with an {@link #observer}: the exchange is over; tell the observer. */
    abstract void observeFastPath(boolean aborted, long nanoTime);

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
        return state != RelayState.IDLE;
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
        if (upstream != null && !held.isHeld()) {
            upstream.channel().config().setAutoRead(writable);
        }
    }

    @Override
    void released() {
        boolean inFlight = state != RelayState.IDLE;
        state = RelayState.IDLE;
        responseTimer.close();
        closeUpstream();
        dropPendingAnswer();
        if (exchange != null) {
            endExchange(true, System.nanoTime());
        } else if (inFlight && observer != null) {
            observeFastPath(true, System.nanoTime());
        }
    }

    // ---- forwarding the request ----------------------------------------------------------------

    void connect() {
        state = RelayState.CONNECTING;
        long seq = ++connectSeq;
        if (H2UpstreamPool.isH2c(instance)) {
            loop.h2().open(instance.address(), instance.port(),
                    (h, cause, reused) -> upstreamOpened(h, cause, reused, seq));
            return;
        }
        ChannelFuture f = loop.connect(instance.address(), instance.port());
        if (f.isDone()) {
            connected(f, seq);
        } else {
            f.addListener((ChannelFutureListener) done -> connected(done, seq));
        }
    }

    void connected(ChannelFuture f, long seq) {
        UpstreamHandler h = f.isSuccess() ? f.channel().pipeline().get(UpstreamHandler.class) : null;
        if (h != null) {
            h.init(instance.address(), instance.port());
        }
        upstreamOpened(h, f.cause(), false, seq);
    }

    /** A new upstream connection (or HTTP/2 stream) {@code h} is ready, or could not be opened ({@code cause}). */
    private void upstreamOpened(UpstreamHandler h, Throwable cause, boolean reused, long seq) {
        if (seq != connectSeq || state != RelayState.CONNECTING || isClosed()) {
            if (h != null) {
                h.channel().close(); // the client went away meanwhile
            }
            return;
        }
        if (h == null) {
            if (cause instanceof ConnectTimeoutException) {
                answerUpstreamError(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream connect timeout: " + upstreamName()
                        + ": no connection within " + options.connectTimeoutMillis() + " ms", UpstreamFailure.CONNECT_TIMEOUT);
            } else {
                answerUpstreamError(HttpResponseStatus.BAD_GATEWAY,
                        "upstream connect error: " + upstreamName() + ": "
                                + (cause == null ? "closed" : Answers.describeIo(cause)),
                        UpstreamFailure.CONNECT_ERROR);
            }
            return;
        }
        upstreamReused = reused;
        bind(h);
    }

    /** Gives the exchange upstream connection {@code h} and sends the request head and what body is queued. */
    void bind(UpstreamHandler h) {
        upstream = h;
        h.bind(this);
        state = RelayState.FORWARDING;
        Channel uc = h.channel();
        uc.config().setAutoRead(ctx.channel().isWritable());
        uc.write(request, uc.voidPromise());
        if (requestComplete) {
            if (!(request instanceof LastHttpContent)) {
                // A retry: the (empty) body was sent with the first attempt.
                uc.write(LastHttpContent.EMPTY_LAST_CONTENT, uc.voidPromise());
            } // else a request without body that arrived whole (StrictRequestDecoder): already all written
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
            HttpHeaders trailers = ((LastHttpContent) c).trailingHeaders();
            if (!trailers.isEmpty()) {
                Trailers.sanitize(trailers);
            }
        }
        if (exchange != null && c.content().isReadable()) {
            exchange.bodyStarted = true;
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
        responseTimer.start(ctx.executor(), options.responseHeaderTimeoutNanos(), exchangeId);
    }

    void cancelResponseTimeout() {
        responseTimer.stop();
    }

    private void responseTimedOut(long timedOutExchange) {
        if (timedOutExchange != exchangeId || upstream == null || responseStarted) {
            return;
        }
        answerUpstreamError(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream timeout: " + upstreamName()
                + ": no response headers within " + TimeUnit.NANOSECONDS.toMillis(options.responseHeaderTimeoutNanos())
                + " ms", UpstreamFailure.RESPONSE_TIMEOUT);
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
            if (held.isHeld()) {
                held.markBroken(); // answered 502 if the chain returns the held response
                closeUpstream();
                return;
            }
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
        if (held.isHeld()) {
            held.add(c);
            return;
        }
        if (c instanceof LastHttpContent last) {
            finishExchange(last);
        } else {
            if (exchange != null) {
                exchange.responseBytes += c.content().readableBytes();
            }
            ctx.write(c, ctx.voidPromise());
            flushClient = true;
        }
    }

    private void onResponseHead(HttpResponse res) {
        if (!res.decoderResult().isSuccess()) {
            Throwable cause = res.decoderResult().cause();
            ReferenceCountUtil.release(res);
            answerUpstreamError(HttpResponseStatus.BAD_GATEWAY,
                    "upstream sent an invalid response: " + upstreamName() + ": " + Answers.describe(cause),
                    UpstreamFailure.INVALID_RESPONSE);
            return;
        }
        int code = res.status().code();
        if (code == 101) {
            ReferenceCountUtil.release(res);
            answerUpstreamError(HttpResponseStatus.BAD_GATEWAY,
                    "upstream switched protocols: " + upstreamName() + ": upgrades are not supported",
                    UpstreamFailure.INVALID_RESPONSE);
            return;
        }
        if (exchange != null && code > 599) {
            ReferenceCountUtil.release(res);
            answerUpstreamError(HttpResponseStatus.BAD_GATEWAY, "upstream sent an invalid response: "
                    + upstreamName() + ": status " + code, UpstreamFailure.INVALID_RESPONSE);
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
        if (exchange != null) {
            holdHead(res, framing);
            return;
        }
        closeAfterResponse |= (framing & ForwardHeaders.CLOSE_CLIENT) != 0;
        setConnectionHeader(headers);
        if (debug != null) {
            headers.set(DebugHeader.NAME, debugValue());
        }
        answeredStatus = code;
        countAnswer(code);
        if (res instanceof LastHttpContent whole) {
            finishExchange(whole); // the response arrived whole (ClientCodec): written with its body at once
            return;
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
            if (held.isHeld()) {
                held.upstreamLost(); // told when the chain returns the held response
                return;
            }
            abortResponse("upstream closed the connection mid-response", cause);
            return;
        }
        cancelResponseTimeout();
        if (upstreamReused && replayable && replays == 0) {
            // A pooled connection the upstream had just closed: nothing was processed, so try a fresh one.
            replays++;
            upstreamReused = false;
            informational = false;
            connect();
            return;
        }
        answerUpstreamError(HttpResponseStatus.BAD_GATEWAY, "upstream closed the connection before responding: "
                + upstreamName() + (cause == null ? "" : ": " + Answers.describeIo(cause)), UpstreamFailure.CLOSED);
    }

    void finishExchange(LastHttpContent last) {
        long now = System.nanoTime(); // one reading for the pool's idle clock, the client's and the metrics
        UpstreamHandler h = upstream;
        upstream = null;
        if (h != null) { // null when a held response's upstream closed after sending all of it
            h.unbind(now);
            Channel uc = h.channel();
            if (upstreamReusable && requestComplete && uc.isActive()) {
                uc.config().setAutoRead(true);
                if (!loop.pool().release(h)) {
                    uc.close();
                }
            } else {
                uc.close();
            }
        }
        if (exchange != null) {
            exchange.responseBytes += last.content().readableBytes();
        }
        complete(last, now);
    }

    /** The upstream failed mid-response: no status can be sent any more, so the client connection closes. */
    private void abortResponse(String what, Throwable cause) {
        log.debug("{}: {}: {}", what, upstreamName(), cause == null ? "closed" : cause.toString());
        closeUpstream();
        ctx.flush();
        close();
    }

    void closeUpstream() {
        UpstreamHandler h = upstream;
        if (h != null) {
            upstream = null;
            h.unbind();
            h.channel().close();
        }
    }

    /**
     * A 502 or 504 once the upstream failed before its response started; with a chain, the attempt's
     * stage completes with it and the chain decides (a retry may try another instance).
     */
    private void answerUpstreamError(HttpResponseStatus status, String reason, UpstreamFailure kind) {
        log.debug("{} for {} {}: {}", status.code(), request.method(), view.path(), reason);
        cancelResponseTimeout();
        closeUpstream();
        if (exchange != null) {
            failAttempt(status, reason, kind);
            return;
        }
        answeredFailure = kind;
        answer(status, reason);
    }

    @Override
    void complete(Object lastMessage, long nanoTime) {
        cancelResponseTimeout();
        touch(nanoTime);
        flushClient = false;
        request = null;
        state = RelayState.IDLE;
        if (exchange != null) {
            endExchange(false, nanoTime);
        } else if (observer != null) {
            observeFastPath(false, nanoTime);
        }
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

    String upstreamName() {
        return instance == null ? "(none)" : instance.id() + " " + instance.authority();
    }
}
