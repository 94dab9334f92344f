package io.graylane.gateway.proxy.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * A client connection that takes decoded HTTP messages one exchange at a time. A message the current
 * exchange cannot take yet (the body of a request whose upstream is still connecting, a pipelined
 * request) waits in order in an {@link Inbox}; reading pauses while too much waits or while the side
 * the exchange forwards to cannot keep up; the connection closes when idle past the idle timeout, and
 * at once when draining with nothing in flight. Subclasses say what an exchange does with a message.
 * Used by its event loop only.
 *
 * <p>The idle timeout is one timer per connection that re-arms itself: it looks at when the connection
 * was last active (the end of its last exchange, or its last read while no exchange ran) and closes it,
 * or waits for the rest of the timeout. Nothing is scheduled or cancelled per request, and writes keep
 * their void promises (Netty's {@code IdleStateHandler} with a writer or all-idle time would turn each
 * into a real promise with a listener).
 */
abstract class ClientConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final Inbox inbox = new Inbox();
    ChannelHandlerContext ctx;
    private boolean closed;
    private boolean drainRequested;
    private boolean processingInbox;
    private boolean reading = true;
    /** Between a read's first message and its read-complete. */
    private boolean inRead;
    /** The idle timeout in nanoseconds, 0 for none (an HTTP/2 stream: its connection has one). */
    private final long idleNanos;
    /** {@link System#nanoTime()} when the connection was last active; see {@link #touch()}. */
    private long lastActive;
    private ScheduledFuture<?> idleTimer;
    private final Runnable idleCheck = this::idleCheck;

    ClientConnection(boolean draining, long idleNanos) {
        this.drainRequested = draining;
        this.idleNanos = idleNanos;
    }

    /** Handles {@code obj} now if the current exchange can; {@code false} leaves it queued, in order. */
    abstract boolean dispatch(HttpObject obj);

    /** Whether an exchange is in flight (a request taken and not yet fully answered). */
    abstract boolean exchangeInFlight();

    /** Whether the side the exchange forwards to can take more now (true when there is none). */
    abstract boolean forwardSideWritable();

    /** Flushes what the messages just handled were written to; called once per read batch. */
    abstract void flushForwarded();

    /** The client's writability changed. */
    abstract void clientWritabilityChanged(boolean writable);

    /** The connection closed: release what the exchange holds (upstream connection, timers, answers). */
    abstract void released();

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            startIdleTimer();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startIdleTimer();
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopIdleTimer(); // the connection switched to HTTP/2, whose pipeline has an idle timer of its own
    }

    private void startIdleTimer() {
        if (idleNanos > 0 && idleTimer == null && !closed) {
            lastActive = System.nanoTime();
            idleTimer = ctx.executor().schedule(idleCheck, idleNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void stopIdleTimer() {
        ScheduledFuture<?> t = idleTimer;
        if (t != null) {
            idleTimer = null;
            t.cancel(false);
        }
    }

    /** Closes the connection when it has been idle for the idle timeout; else checks again when it could be. */
    private void idleCheck() {
        idleTimer = null;
        if (closed) {
            return;
        }
        long next = idleNanos;
        if (!exchangeInFlight() && inbox.isEmpty()) {
            long idle = System.nanoTime() - lastActive;
            if (idle >= idleNanos) {
                close();
                return;
            }
            next = idleNanos - idle;
        }
        idleTimer = ctx.executor().schedule(idleCheck, next, TimeUnit.NANOSECONDS);
    }

    /** The connection was active just now (an exchange ended): its idle time starts again. */
    final void touch() {
        touch(System.nanoTime());
    }

    /** {@link #touch()} with the time already read. */
    final void touch(long nanoTime) {
        lastActive = nanoTime;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed || !(msg instanceof HttpObject obj)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inRead = true;
        if (!inbox.isEmpty() || !dispatch(obj)) {
            inbox.addLast(obj);
            updateReading();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inRead = false;
        if (!exchangeInFlight()) {
            touch(); // part of a request head (while an exchange runs, its end counts)
        }
        flushForwarded();
    }

    /** Feeds queued messages to the exchange for as long as it takes them. */
    final void processInbox() {
        if (processingInbox) {
            return; // the outer call goes on with the next message
        }
        if (!inbox.isEmpty()) {
            processingInbox = true;
            try {
                HttpObject obj;
                while (!closed && (obj = inbox.poll()) != null) {
                    if (!dispatch(obj)) {
                        inbox.addFirst(obj);
                        break;
                    }
                }
            } finally {
                processingInbox = false;
            }
            if (!inRead) {
                flushForwarded(); // no read-complete will come to do it
            }
        }
        updateReading();
    }

    /** Reads from the client only while the forward side keeps up and little is queued. */
    final void updateReading() {
        boolean want = !closed && forwardSideWritable() && !inbox.isFull();
        if (want != reading) {
            reading = want;
            ctx.channel().config().setAutoRead(want);
        }
    }

    /** Whether a read batch is being handled (its read-complete will flush). */
    final boolean inRead() {
        return inRead;
    }

    final boolean isClosed() {
        return closed;
    }

    /** Whether the connection must close after the current exchange (graceful shutdown). */
    final boolean drainRequested() {
        return drainRequested;
    }

    /** Whether nothing waits to be handled. */
    final boolean inboxEmpty() {
        return inbox.isEmpty();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        clientWritabilityChanged(ctx.channel().isWritable());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        stopIdleTimer();
        released();
        inbox.releaseAll();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection {} failed: {}", ctx.channel(), cause.toString());
        close();
    }

    /** Closes when no exchange is in flight; otherwise after the current response (graceful shutdown). */
    final void drain() {
        drainRequested = true;
        if (!exchangeInFlight() && inbox.isEmpty()) {
            close();
        }
    }

    /** Closes now; whatever is queued is dropped. */
    final void close() {
        closed = true;
        inbox.releaseAll();
        ctx.close();
    }

    /** Writes an exchange's last message and closes once it is out; whatever is queued is dropped. */
    final void closeAfter(Object lastMessage) {
        closed = true;
        inbox.releaseAll();
        ctx.writeAndFlush(lastMessage).addListener(ChannelFutureListener.CLOSE);
    }
}
