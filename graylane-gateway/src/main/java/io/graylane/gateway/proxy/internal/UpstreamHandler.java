package io.graylane.gateway.proxy.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The last handler of one upstream connection. While a client exchange owns the connection it hands
 * every decoded response object, read completion, writability change and the close to that
 * exchange's {@link UpstreamRelay}; while the connection idles in the {@link UpstreamPool} it closes
 * on anything unexpected (data, idle timeout) and leaves the pool when closed. Used by its event loop
 * only.
 *
 * <p>An HTTP/1 connection's idle timeout is a timer of its own that re-arms itself (as in
 * {@link ClientConnection}): it closes the connection once it has sat unowned for the timeout since
 * its exchange let it go. Nothing is scheduled per request, and writes keep their void promises.
 * HTTP/2 streams have none (their connection has an {@code IdleStateHandler}).
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private final UpstreamPool pool;
    private Channel channel;
    private String address;
    private int port;
    private UpstreamRelay owner;
    private Throwable failure;
    /** Whether the connection idles in the pool; kept by the pool. */
    boolean pooled;
    /** Whether this is an HTTP/2 stream ({@link H2UpstreamPool}): one exchange, never pooled. */
    final boolean stream;
    /** The idle timeout in nanoseconds, 0 for none. */
    private final long idleNanos;
    /** {@link System#nanoTime()} when the last exchange let the connection go. */
    private long lastReleased;
    private ScheduledFuture<?> idleTimer;
    private Runnable idleCheck;

    /** An HTTP/1 connection that closes after sitting unowned for {@code idleNanos}. */
    UpstreamHandler(UpstreamPool pool, long idleNanos) {
        this(pool, false, idleNanos);
    }

    UpstreamHandler(UpstreamPool pool, boolean stream) {
        this(pool, stream, 0);
    }

    private UpstreamHandler(UpstreamPool pool, boolean stream, long idleNanos) {
        this.pool = pool;
        this.stream = stream;
        this.idleNanos = idleNanos;
    }

    /** Records where this connection goes, once, right after it connected. */
    void init(String address, int port) {
        this.address = address;
        this.port = port;
    }

    Channel channel() {
        return channel;
    }

    String address() {
        return address;
    }

    int port() {
        return port;
    }

    /** Gives the connection to {@code exchange} until {@link #unbind()}. */
    void bind(UpstreamRelay exchange) {
        this.owner = exchange;
        this.failure = null;
    }

    /** Takes the connection away from its exchange; its idle time starts. */
    void unbind() {
        unbind(System.nanoTime());
    }

    /** {@link #unbind()} with the time already read. */
    void unbind(long nanoTime) {
        this.owner = null;
        if (idleNanos > 0) {
            lastReleased = nanoTime;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (idleNanos > 0) {
            lastReleased = System.nanoTime();
            idleCheck = this::idleCheck;
            idleTimer = ctx.executor().schedule(idleCheck, idleNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelActive();
    }

    /** Closes the connection when unowned for the idle timeout; else checks again when it could be. */
    private void idleCheck() {
        idleTimer = null;
        if (!channel.isActive()) {
            return;
        }
        long next = idleNanos;
        if (owner == null) {
            long idle = System.nanoTime() - lastReleased;
            if (idle >= idleNanos) {
                channel.close();
                return;
            }
            next = idleNanos - idle;
        }
        idleTimer = channel.eventLoop().schedule(idleCheck, next, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamRelay o = owner;
        if (o == null || !(msg instanceof HttpObject)) {
            // Nobody asked: an idle upstream must not talk.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        o.onUpstreamMessage(this, (HttpObject) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UpstreamRelay o = owner;
        if (o != null) {
            o.onUpstreamReadComplete(this);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        UpstreamRelay o = owner;
        if (o != null) {
            o.onUpstreamWritabilityChanged(this);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ScheduledFuture<?> t = idleTimer;
        if (t != null) {
            idleTimer = null;
            t.cancel(false);
        }
        UpstreamRelay o = owner;
        owner = null;
        if (o != null) {
            o.onUpstreamClosed(this, failure);
        } else if (pooled) {
            pool.remove(this);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && owner == null) {
            ctx.close();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Reported to the exchange when the close arrives.
        if (failure == null) {
            failure = cause;
        }
        ctx.close();
    }
}
