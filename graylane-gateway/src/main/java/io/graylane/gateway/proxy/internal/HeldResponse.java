package io.graylane.gateway.proxy.internal;

import io.graylane.core.chain.Response;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * An upstream response head held while the middleware chain decides whether it is the answer, with
 * the body pieces read meanwhile. The head is seen by the chain as a streaming {@link Response} whose
 * headers are the head's own ({@link NettyHeaders}), so middleware change them in place. One per
 * connection, reused; used by its event loop only.
 */
final class HeldResponse {

    private HttpResponse head;
    private Response response;
    private NettyHeaders headers;
    private int framing;
    private ArrayDeque<HttpContent> body;
    private boolean complete;
    private boolean broken;

    /** Holds {@code head} (with the framing flags of {@link ForwardHeaders#frameResponse}); returns the chain's view. */
    Response hold(HttpResponse head, int framing) {
        this.head = head;
        this.framing = framing;
        this.headers = new NettyHeaders(head.headers());
        this.response = Response.streaming(head.status().code(), headers);
        this.complete = head instanceof LastHttpContent; // a whole response (ClientCodec) has its body in it
        return response;
    }

    /** Whether a middleware set or added a header of the held head (then hop-by-hop ones are stripped again). */
    boolean headersAdded() {
        return headers != null && headers.added();
    }

    /** Whether a head is held. */
    boolean isHeld() {
        return head != null;
    }

    /** Whether {@code r} is the held head's response. */
    boolean is(Response r) {
        return r != null && r == response;
    }

    HttpResponse head() {
        return head;
    }

    int framing() {
        return framing;
    }

    /** Keeps a body piece read while the head is held. */
    void add(HttpContent c) {
        if (body == null) {
            body = new ArrayDeque<>(4);
        }
        body.addLast(c);
        if (c instanceof LastHttpContent) {
            complete = true;
        }
    }

    /** The first body piece kept, removed, or {@code null}. */
    HttpContent poll() {
        return body == null ? null : body.pollFirst();
    }

    /** The upstream failed before the held body was complete: the head cannot be relayed. */
    void upstreamLost() {
        broken |= !complete;
    }

    /** The upstream sent a body it could not decode. */
    void markBroken() {
        broken = true;
    }

    boolean isBroken() {
        return broken;
    }

    /**
     * Takes the head out for writing: nothing is held any more, the kept body stays to be
     * {@link #poll polled}.
     */
    HttpResponse release() {
        HttpResponse h = head;
        head = null;
        response = null;
        headers = null;
        broken = false;
        complete = false;
        return h;
    }

    /** Drops everything held, releasing the buffers. */
    void clear() {
        if (head != null) {
            ReferenceCountUtil.release(head);
            head = null;
        }
        response = null;
        headers = null;
        broken = false;
        complete = false;
        HttpContent c;
        while ((c = poll()) != null) {
            c.release();
        }
    }
}
