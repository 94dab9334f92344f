package io.graylane.gateway.proxy.internal;

import io.graylane.gateway.middleware.UpstreamFailure;
import io.graylane.gateway.proxy.RequestObserver;
import io.graylane.gateway.proxy.ServedCounts;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;

/**
 * A client connection's exchange in progress — what the request is, how its connection must end, where
 * its answer is counted and observed — and the answers the gateway gives by itself (a rejected request,
 * 404, 503, the relay's 502 and 504), written once the request's body is read or no longer wanted. Relaying
 * to and from an upstream is the subclass's ({@link UpstreamRelay}). Used by its event loop only.
 */
abstract class ClientExchange extends ClientConnection {

    private static final Logger log = LoggerFactory.getLogger(ClientExchange.class);

    final ProxyRuntime runtime;
    final ProxyOptions options;
    final LoopResources loop;
    final NettyRequestView view;
    final String clientIp;
    final DebugHeader debug;

    RelayState state = RelayState.IDLE;
    /** Whether something was written to the client and waits for a flush. */
    boolean flushClient;

    // The exchange in progress; reset by startExchange.
    long exchangeId;
    HttpRequest request;
    boolean keepAlive;
    boolean http10;
    boolean bodyless;
    boolean replayable;
    boolean requestComplete;
    boolean closeAfterResponse;
    private FullHttpResponse pendingAnswer;

    /** The chained exchange in progress, or null (always null on the fast path). */
    NettyExchange exchange;
    /** Where the exchange's answer is counted, until it is (null: not counted, or counted already). */
    ServedCounts counts;

    // Request metrics of fast-path exchanges (chained ones keep theirs in the exchange); see observeFastPath.
    /** Told of every exchange, or null when nothing observes requests. */
    final RequestObserver observer;
    long startNanos;
    int answeredStatus;
    UpstreamFailure answeredFailure;

    ClientExchange(ProxyRuntime runtime, LoopResources loop, InetAddress client, long idleNanos) {
        super(runtime.draining(), idleNanos);
        this.runtime = runtime;
        this.options = runtime.options();
        this.loop = loop;
        this.view = new NettyRequestView(client);
        this.clientIp = client == null ? "unknown" : client.getHostAddress();
        this.debug = options.debugHeader() ? new DebugHeader() : null;
        this.observer = runtime.observer();
    }

    /** The debug header value for the exchange in progress. */
    abstract String debugValue();

    /** Writes the exchange's last message, then takes the next request or closes; {@code nanoTime} is now. */
    abstract void complete(Object lastMessage, long nanoTime);

    /** Answers a request that must not be served and closes the connection: the stream may be out of sync. */
    void reject(HttpResponseStatus status, String reason) {
        log.debug("rejected request from {}: {} {}", clientIp, status.code(), reason);
        closeAfterResponse = true;
        pendingAnswer = Answers.text(ctx.alloc(), status, reason);
        sendAnswer();
    }

    /**
     * Answers a routable request by itself (404, 503): at once when its body has arrived or it has none
     * (after its end), else at once and then close, rather than reading a body nobody wants.
     */
    void answer(HttpResponseStatus status, String reason) {
        answerWith(Answers.text(ctx.alloc(), status, reason));
    }

    /** {@link #answer} with a response made already (the chain's, or the gateway's own). */
    void answerWith(FullHttpResponse response) {
        if (debug != null) {
            response.headers().set(DebugHeader.NAME, debugValue());
        }
        pendingAnswer = response;
        state = RelayState.ANSWERING;
        if (requestComplete) {
            sendAnswer();
        } else if (!bodyless) {
            closeAfterResponse = true;
            sendAnswer();
        } else {
            processInbox(); // the request's empty end may be queued already
        }
    }

    /** Writes the answer made by {@link #reject} or {@link #answerWith}, and ends the exchange with it. */
    void sendAnswer() {
        FullHttpResponse response = pendingAnswer;
        pendingAnswer = null;
        setConnectionHeader(response.headers());
        answeredStatus = response.status().code();
        countAnswer(response.status().code());
        if (exchange != null) {
            exchange.status = response.status().code();
            exchange.responseBytes = response.content().readableBytes();
        }
        complete(response, System.nanoTime());
    }

    /** Counts the exchange's answer once, for the config it was served with. */
    void countAnswer(int status) {
        ServedCounts c = counts;
        if (c != null) {
            counts = null;
            c.record(status);
        }
    }

    /**
     * Says whether the client connection stays open after this response: it closes when the request is
     * not all read, the client asked for it, or the gateway is draining.
     */
    void setConnectionHeader(HttpHeaders headers) {
        if (!requestComplete || !keepAlive || drainRequested() || runtime.draining()) {
            closeAfterResponse = true;
        }
        if (closeAfterResponse) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** The connection closed before a prepared answer was written: releases it. */
    void dropPendingAnswer() {
        if (pendingAnswer != null) {
            pendingAnswer.release();
            pendingAnswer = null;
        }
    }
}
