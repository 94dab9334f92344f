package io.graylane.gateway.proxy.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The last handler of one h2c upstream connection, and its state for {@link H2UpstreamPool}: whether
 * it is open, how many streams it has taken (opening or open), whether the upstream sent GOAWAY. It
 * closes the connection when idle without streams, and on errors. The connection counts as open
 * once the upstream's first SETTINGS frame arrived, not at TCP connect: streams then respect its
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS} from the first one, and a server that does not speak h2c
 * fails the connection before any request is sent to it. No SETTINGS within the connect timeout
 * (after the TCP connect) counts as a connect timeout. Used by its event loop only.
 */
final class H2UpstreamConnection extends ChannelInboundHandlerAdapter {

    private final Http2FrameCodec codec;
    private final int connectTimeoutMillis;
    private final int maxStreams;
    private Channel channel;
    private ScheduledFuture<?> settingsTimeout;
    private boolean open;
    private Throwable failure;
    private boolean goAway;
    private int streams;
    private ArrayList<Consumer<Throwable>> waiting;

    H2UpstreamConnection(Http2FrameCodec codec, int connectTimeoutMillis, int maxStreams) {
        this.codec = codec;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxStreams = maxStreams;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
    }

    Channel channel() {
        return channel;
    }

    /** Whether the connection is established. */
    boolean isOpen() {
        return open && channel.isActive();
    }

    /** Whether it can take one more stream now. */
    boolean hasRoom() {
        if (failure != null || goAway || (open && !channel.isActive())) {
            return false;
        }
        int limit = maxStreams;
        if (open) {
            // The upstream's SETTINGS_MAX_CONCURRENT_STREAMS, once known (unlimited before).
            limit = Math.min(limit, codec.connection().local().maxActiveStreams());
        }
        return streams < limit;
    }

    void reserve() {
        streams++;
    }

    void unreserve() {
        streams--;
    }

    /** Follows the connect attempt. */
    void connecting(ChannelFuture connect) {
        if (connect.isDone()) {
            connected(connect);
        } else {
            connect.addListener((ChannelFutureListener) this::connected);
        }
    }

    private void connected(ChannelFuture f) {
        if (f.isSuccess()) {
            if (!open && failure == null) {
                settingsTimeout = channel.eventLoop().schedule(this::settingsTimedOut, connectTimeoutMillis,
                        TimeUnit.MILLISECONDS);
            }
            return;
        }
        fail(f.cause() != null ? f.cause() : new ClosedChannelException());
    }

    private void settingsTimedOut() {
        settingsTimeout = null;
        if (!open && failure == null) {
            fail(new ConnectTimeoutException("no HTTP/2 SETTINGS from the upstream within " + connectTimeoutMillis
                    + " ms"));
            channel.close();
        }
    }

    private void opened() {
        open = true;
        if (settingsTimeout != null) {
            settingsTimeout.cancel(false);
            settingsTimeout = null;
        }
        tellWaiting();
    }

    private void fail(Throwable cause) {
        failure = cause;
        tellWaiting();
    }

    private void tellWaiting() {
        ArrayList<Consumer<Throwable>> w = waiting;
        waiting = null;
        if (w != null) {
            for (Consumer<Throwable> then : w) {
                then.accept(failure);
            }
        }
    }

    /** Runs {@code then} once the connection is established ({@code null}) or failed (the cause). */
    void whenOpen(Consumer<Throwable> then) {
        if (open || failure != null) {
            then.accept(open && !channel.isActive() ? new ClosedChannelException() : failure);
            return;
        }
        if (waiting == null) {
            waiting = new ArrayList<>(4);
        }
        waiting.add(then);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2SettingsFrame && !open && failure == null) {
            opened(); // the codec has applied the settings already
        } else if (msg instanceof Http2GoAwayFrame) {
            goAway = true; // streams after its last stream id are closed by the codec (and may be retried)
        }
        // Other connection-level frames (SETTINGS, PING) the codec has handled already.
        ReferenceCountUtil.release(msg);
    }

    /**
     * Flushes what streams wrote during the read: a stream that resumes reading while the connection
     * reads writes its WINDOW_UPDATE then, and Netty's multiplexer defers that stream's flush to the
     * end of the read, where it flushes only for streams that read something in it. Without this the
     * update could wait unsent while the peer waits for it. Nearly free when nothing is pending.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (streams == 0) {
                ctx.close();
            }
            return;
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (settingsTimeout != null) {
            settingsTimeout.cancel(false);
            settingsTimeout = null;
        }
        if (!open && failure == null) {
            fail(new IOException("the upstream closed the connection before sending HTTP/2 SETTINGS"
                    + " (does it speak h2c?)"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The streams learn of it when they close with the connection.
        ctx.close();
    }
}
