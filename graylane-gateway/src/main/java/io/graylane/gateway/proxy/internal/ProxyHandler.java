package io.graylane.gateway.proxy.internal;

import io.graylane.core.config.Propagation;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.engine.LaneSource;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Route;
import io.graylane.core.route.Resolution;
import io.graylane.core.rule.ColoringOutcome;
import io.graylane.core.trust.Baggage;
import io.graylane.core.trust.TrustPolicy;
import io.graylane.core.trust.TrustVerdict;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.TooLongFrameException;
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
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: takes its requests one at a time (pipelined ones wait in order), decides
 * each (trust, lane, route, resolution, instance) on the engine current when it arrived, and relays
 * it to an upstream connection of the same event loop, streaming bodies both ways with backpressure.
 * Answers by itself when a request is malformed, unroutable or cannot be served. All state lives in
 * fields reused across the connection's exchanges, so the fast path allocates little beyond what the
 * codec does. Used by its event loop only.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

    /** Queued (pipelined or not yet forwardable) messages and body bytes past which reading pauses. */
    private static final int MAX_QUEUED_MESSAGES = 64;
    private static final int MAX_QUEUED_BYTES = 256 * 1024;

    private enum State {
        /** Waiting for a request. */
        IDLE,
        /** Request decided; waiting for an upstream connection. */
        CONNECTING,
        /** Relaying the exchange. */
        FORWARDING,
        /** Answering by itself once the (bodyless) request has fully arrived. */
        ANSWERING,
        /** Closing or closed: everything read is dropped. */
        CLOSED
    }

    private final ProxyRuntime runtime;
    private final ProxyOptions options;
    private final LoopResources loop;
    private final NettyRequestView view;
    private final String clientIp;
    private final DebugHeader debug;
    private final Runnable onResponseTimeout = this::responseTimedOut;
    private ChannelHandlerContext ctx;

    private State state = State.IDLE;
    private ArrayDeque<HttpObject> inbox;
    private int inboxBytes;
    private boolean processingInbox;
    private boolean clientReading = true;
    private boolean drainRequested;
    private boolean flushUpstream;
    private boolean flushClient;
    /** Between a client read's first message and its read-complete, which flushes the upstream once. */
    private boolean inClientRead;

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
    // What was decided, for the debug header and error texts.
    private String lane;
    private LaneSource laneSource;
    private String rule;
    private boolean routed;
    private Resolution resolution;
    private Instance instance;

    ProxyHandler(ProxyRuntime runtime, LoopResources loop, InetAddress client) {
        this.runtime = runtime;
        this.options = runtime.options();
        this.loop = loop;
        this.view = new NettyRequestView(client);
        this.clientIp = client == null ? "unknown" : client.getHostAddress();
        this.debug = options.debugHeader() ? new DebugHeader() : null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        drainRequested = runtime.draining();
    }

    // ---- client side ---------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.CLOSED || !(msg instanceof HttpObject obj)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inClientRead = true;
        if ((inbox != null && !inbox.isEmpty()) || !dispatch(obj)) {
            enqueue(obj);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inClientRead = false;
        flushUpstream();
    }

    private void flushUpstream() {
        if (flushUpstream) {
            flushUpstream = false;
            if (upstream != null) {
                upstream.channel().flush();
            }
        }
    }

    /** Handles {@code obj} now if the exchange's state allows; {@code false} leaves it to be queued. */
    private boolean dispatch(HttpObject obj) {
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
            case CLOSED -> {
                ReferenceCountUtil.release(obj);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void enqueue(HttpObject obj) {
        if (inbox == null) {
            inbox = new ArrayDeque<>(8);
        }
        inbox.addLast(obj);
        if (obj instanceof HttpContent c) {
            inboxBytes += c.content().readableBytes();
        }
        updateClientRead();
    }

    /** Feeds queued messages to the exchange for as long as it takes them. */
    private void processInbox() {
        if (processingInbox) {
            return; // the outer call goes on with the next message
        }
        if (inbox != null && !inbox.isEmpty()) {
            processingInbox = true;
            try {
                HttpObject obj;
                while (state != State.CLOSED && (obj = inbox.pollFirst()) != null) {
                    if (obj instanceof HttpContent c) {
                        inboxBytes -= c.content().readableBytes();
                    }
                    if (!dispatch(obj)) {
                        inbox.addFirst(obj);
                        if (obj instanceof HttpContent c) {
                            inboxBytes += c.content().readableBytes();
                        }
                        break;
                    }
                }
            } finally {
                processingInbox = false;
            }
            if (!inClientRead) {
                flushUpstream(); // no read-complete will come to do it
            }
        }
        updateClientRead();
    }

    private void releaseInbox() {
        if (inbox != null) {
            HttpObject obj;
            while ((obj = inbox.pollFirst()) != null) {
                ReferenceCountUtil.release(obj);
            }
            inboxBytes = 0;
        }
    }

    /** Reads from the client only while the upstream keeps up and little is queued. */
    private void updateClientRead() {
        boolean want = state != State.CLOSED
                && (upstream == null || upstream.channel().isWritable())
                && (inbox == null || (inbox.size() <= MAX_QUEUED_MESSAGES && inboxBytes <= MAX_QUEUED_BYTES));
        if (want != clientReading) {
            clientReading = want;
            ctx.channel().config().setAutoRead(want);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (upstream != null) {
            upstream.channel().config().setAutoRead(ctx.channel().isWritable());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (state == State.IDLE && (inbox == null || inbox.isEmpty())) {
                close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        cancelResponseTimeout();
        closeUpstream();
        if (pendingAnswer != null) {
            pendingAnswer.release();
            pendingAnswer = null;
        }
        releaseInbox();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection {} failed: {}", ctx.channel(), cause.toString());
        close();
    }

    /** Closes when no exchange is in flight; otherwise after the current response (graceful shutdown). */
    void drain() {
        drainRequested = true;
        if (state == State.IDLE && (inbox == null || inbox.isEmpty())) {
            close();
        }
    }

    private void close() {
        state = State.CLOSED;
        releaseInbox();
        ctx.close();
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
        lane = null;
        laneSource = null;
        rule = null;
        routed = false;
        resolution = null;
        instance = null;
        if (!r.decoderResult().isSuccess()) {
            ReferenceCountUtil.release(r); // a stand-in FullHttpRequest when the start line was bad
            rejectMalformed(r.decoderResult().cause());
            return;
        }
        keepAlive = HttpUtil.isKeepAlive(r);
        http10 = HttpVersion.HTTP_1_0.equals(r.protocolVersion());
        HttpHeaders headers = r.headers();
        if (HttpMethod.CONNECT.equals(r.method())) {
            reject(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not supported");
            return;
        }
        String problem = view.reset(r);
        if (problem != null) {
            reject(HttpResponseStatus.BAD_REQUEST, "bad request: " + problem);
            return;
        }
        String host = headers.get(HttpHeaderNames.HOST);
        if (host != null && !RequestChecks.isValidHost(host)) {
            reject(HttpResponseStatus.BAD_REQUEST, "bad request: invalid Host header");
            return;
        }
        String authority = view.targetAuthority();
        if (authority != null && (host == null || !authority.equalsIgnoreCase(host))) {
            reject(HttpResponseStatus.BAD_REQUEST, "bad request: the request target's host does not match the Host header");
            return;
        }
        if (!RequestChecks.hasSupportedTransferEncoding(headers)) {
            reject(HttpResponseStatus.NOT_IMPLEMENTED, "unsupported Transfer-Encoding (expected: chunked)");
            return;
        }
        bodyless = !HttpUtil.isTransferEncodingChunked(r) && HttpUtil.getContentLength(r, 0L) == 0;
        replayable = bodyless && isIdempotent(r.method());

        LaneEngine engine = runtime.engine();
        String carried = decideLane(engine, headers);
        Route route = engine.table().route(host, view.path());
        if (route == null) {
            answer(HttpResponseStatus.NOT_FOUND,
                    "no route for host " + Answers.quote(host) + " and path " + Answers.quote(view.path()));
            return;
        }
        routed = true;
        resolution = engine.table().service(route.service()).resolve(lane);
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
        propagateLane(engine.trust().propagation(), headers, carried);
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

    /**
     * Vets the lane that came with the request ({@link TrustPolicy#apply} semantics, on Netty's
     * headers in place) and sets {@link #lane}: the kept lane, else the coloring rules' lane.
     *
     * @return the value to send on: a kept value verbatim (a signed one stays verifiable), else the lane
     */
    private String decideLane(LaneEngine engine, HttpHeaders headers) {
        TrustPolicy trust = engine.trust();
        Propagation propagation = trust.propagation();
        byte[] peer = view.clientAddressBytes();
        String headerValue = headers.get(propagation.laneHeader());
        TrustVerdict verdict = TrustVerdict.ABSENT;
        String carried = null;
        boolean fromBaggage = false;
        if (headerValue != null && !headerValue.isEmpty()) {
            verdict = trust.evaluate(headerValue, peer, runtime.now());
            if (verdict.isKept()) {
                carried = headerValue;
            } else {
                // Stripped before coloring: no rule may read a lane the sender was not allowed to set.
                headers.remove(propagation.laneHeader());
            }
        }
        if (propagation.baggage() && !verdict.isKept() && headers.contains(Baggage.HEADER)) {
            String baggage = baggage(headers);
            String member = Baggage.readMember(baggage, propagation.baggageKey());
            if (member != null) {
                TrustVerdict fromMember = trust.evaluate(member, peer, runtime.now());
                if (fromMember.isKept()) {
                    verdict = fromMember;
                    carried = member;
                    fromBaggage = true;
                } else {
                    if (verdict instanceof TrustVerdict.Absent) {
                        verdict = fromMember;
                    }
                    String rest = Baggage.withoutMember(baggage, propagation.baggageKey());
                    if (rest == null) {
                        headers.remove(Baggage.HEADER);
                    } else {
                        headers.set(Baggage.HEADER, rest);
                    }
                }
            }
        }
        if (verdict.isKept()) {
            lane = verdict.lane();
            laneSource = verdict instanceof TrustVerdict.KeepVerified ? LaneSource.SIGNED
                    : fromBaggage ? LaneSource.TRUSTED_BAGGAGE : LaneSource.TRUSTED_HEADER;
            return carried;
        }
        ColoringOutcome outcome = engine.color(view);
        lane = outcome.lane();
        rule = outcome.rule();
        laneSource = outcome.isDefault() ? LaneSource.DEFAULT : LaneSource.RULE;
        return lane;
    }

    /** The baggage header as one value (several lines are one comma-separated list). */
    private static String baggage(HttpHeaders headers) {
        java.util.List<String> lines = headers.getAll(Baggage.HEADER);
        return lines.size() == 1 ? lines.get(0) : String.join(",", lines);
    }

    /** Sets the lane header and, when propagation uses it, the baggage member, for the next hop. */
    private void propagateLane(Propagation propagation, HttpHeaders headers, String carried) {
        headers.set(propagation.laneHeader(), carried);
        if (propagation.baggage()) {
            String key = propagation.baggageKey();
            String value = headers.contains(Baggage.HEADER)
                    ? Baggage.withMember(baggage(headers), key, carried)
                    : carried.equals(lane) ? loop.baggageMember(key, carried) : Baggage.withMember(null, key, carried);
            headers.set(Baggage.HEADER, value);
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
        if (id != exchangeId || state != State.CONNECTING) {
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
                        "upstream connect error: " + upstreamName() + ": " + describeIo(cause));
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
        if (!inClientRead) {
            flushUpstream();
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
                    "upstream sent an invalid response: " + upstreamName() + ": " + describe(cause));
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
        if (code < 200) {
            informational = true;
            ForwardHeaders.removeHopByHop(headers);
            res.setProtocolVersion(HttpVersion.HTTP_1_1);
            ctx.write(res, ctx.voidPromise());
            flushClient = true;
            return;
        }
        cancelResponseTimeout();
        responseStarted = true;
        upstreamReusable = HttpUtil.isKeepAlive(res);
        ForwardHeaders.removeHopByHop(headers);
        boolean alwaysEmpty = HttpMethod.HEAD.equals(request.method()) || code == 204 || code == 304;
        if (!alwaysEmpty && !HttpUtil.isContentLengthSet(res) && !HttpUtil.isTransferEncodingChunked(res)) {
            // The body ends when the upstream closes: the connection cannot be reused.
            upstreamReusable = false;
            if (http10) {
                closeAfterResponse = true;
            } else {
                HttpUtil.setTransferEncodingChunked(res, true);
            }
        }
        if (http10 && HttpUtil.isTransferEncodingChunked(res)) {
            // HTTP/1.0 has no chunked coding: the body ends with the connection.
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            closeAfterResponse = true;
        }
        setConnectionHeader(headers);
        if (debug != null) {
            headers.set(DebugHeader.NAME, debugValue());
        }
        res.setProtocolVersion(HttpVersion.HTTP_1_1);
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
            updateClientRead();
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
                + upstreamName() + (cause == null ? "" : ": " + describeIo(cause)));
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

    /** A malformed request: 400 (431, 414 for oversized parts), then close; nothing is forwarded. */
    private void rejectMalformed(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            reject(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request header fields too large (at most "
                    + options.maxHeaderSize() + " bytes)");
        } else if (cause instanceof TooLongHttpLineException) {
            reject(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long (at most "
                    + options.maxInitialLineLength() + " bytes)");
        } else if (cause instanceof TooLongFrameException) {
            reject(HttpResponseStatus.BAD_REQUEST, "bad request: " + cause.getMessage());
        } else {
            reject(HttpResponseStatus.BAD_REQUEST, "bad request: " + (cause == null ? "malformed" : describe(cause)));
        }
    }

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
        if (!requestComplete || !keepAlive || drainRequested || runtime.draining()) {
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
        if (closeAfterResponse) {
            state = State.CLOSED;
            releaseInbox();
            ctx.writeAndFlush(lastMessage).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        state = State.IDLE;
        ctx.writeAndFlush(lastMessage, ctx.voidPromise());
        if (drainRequested && (inbox == null || inbox.isEmpty())) {
            close();
            return;
        }
        processInbox();
    }

    // ---- texts ---------------------------------------------------------------------------------

    private String debugValue() {
        return debug.format(lane, laneSource, rule, routed, resolution, instance);
    }

    private String upstreamName() {
        return instance == null ? "(none)" : instance.id() + " " + instance.authority();
    }

    /** A short cause: {@code connection refused}, without Netty's prefixes and the repeated address. */
    static String describe(Throwable cause) {
        String m = cause.getMessage();
        if (m == null || m.isEmpty()) {
            return cause.getClass().getSimpleName();
        }
        int addr = m.indexOf(": /");
        if (addr > 0) {
            m = m.substring(0, addr);
        }
        int last = m.lastIndexOf(": ");
        if (last >= 0 && m.contains("(..) failed")) {
            // Native transports: "io_uring connect(..) failed with error(-111): Connection refused".
            m = m.substring(last + 2);
        }
        return m.isEmpty() ? cause.getClass().getSimpleName() : m;
    }

    /** {@link #describe} for socket errors, in lower case as the rest of the sentence: {@code connection refused}. */
    static String describeIo(Throwable cause) {
        String m = describe(cause);
        return m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))
                ? Character.toLowerCase(m.charAt(0)) + m.substring(1) : m;
    }
}
