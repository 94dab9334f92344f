package io.graylane.gateway.proxy.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of one upstream connection. While a client exchange owns the connection it hands
 * every decoded response object, read completion, writability change and the close to that
 * exchange's {@link UpstreamRelay}; while the connection idles in the {@link UpstreamPool} it closes
 * on anything unexpected (data, idle timeout) and leaves the pool when closed. Used by its event loop
 * only.
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

    UpstreamHandler(UpstreamPool pool) {
        this(pool, false);
    }

    UpstreamHandler(UpstreamPool pool, boolean stream) {
        this.pool = pool;
        this.stream = stream;
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

    /** Takes the connection away from its exchange. */
    void unbind() {
        this.owner = null;
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
