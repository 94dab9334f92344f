package io.graylane.gateway.proxy.internal;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * Decoded messages a connection cannot use yet: the body of a request whose upstream connection is
 * still opening, and pipelined requests waiting for the response before them. Counts messages and
 * body bytes so the connection can stop reading when too much waits. Not thread-safe.
 */
final class Inbox {

    /** Queued messages and body bytes past which the connection stops reading. */
    private static final int MAX_MESSAGES = 64;
    private static final int MAX_BYTES = 256 * 1024;

    private ArrayDeque<HttpObject> queue;
    private int bytes;

    void addLast(HttpObject obj) {
        if (queue == null) {
            queue = new ArrayDeque<>(8);
        }
        queue.addLast(obj);
        bytes += size(obj);
    }

    /** Puts back a message just polled, to be first again. */
    void addFirst(HttpObject obj) {
        queue.addFirst(obj);
        bytes += size(obj);
    }

    /** The first message, removed, or {@code null}. */
    HttpObject poll() {
        HttpObject obj = queue == null ? null : queue.pollFirst();
        if (obj != null) {
            bytes -= size(obj);
        }
        return obj;
    }

    boolean isEmpty() {
        return queue == null || queue.isEmpty();
    }

    /** Whether so much waits that reading should pause. */
    boolean isFull() {
        return queue != null && (queue.size() > MAX_MESSAGES || bytes > MAX_BYTES);
    }

    /** Releases and forgets everything queued. */
    void releaseAll() {
        HttpObject obj;
        while ((obj = poll()) != null) {
            ReferenceCountUtil.release(obj);
        }
    }

    private static int size(HttpObject obj) {
        return obj instanceof HttpContent c ? c.content().readableBytes() : 0;
    }
}
