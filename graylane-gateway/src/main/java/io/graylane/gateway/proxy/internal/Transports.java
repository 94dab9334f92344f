package io.graylane.gateway.proxy.internal;

import io.graylane.gateway.proxy.Transport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

import java.util.concurrent.ThreadFactory;

/** Netty's event loop groups and channel types for each {@link Transport}. Stateless. */
public final class Transports {

    private Transports() {
    }

    /** A group of {@code threads} event loops on {@code transport}. */
    public static EventLoopGroup newGroup(Transport transport, int threads, ThreadFactory threadFactory) {
        IoHandlerFactory factory = switch (transport) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, factory);
    }

    /** The listening channel type. */
    public static Class<? extends ServerChannel> serverChannel(Transport transport) {
        return switch (transport) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /** The connection channel type. */
    public static Class<? extends Channel> socketChannel(Transport transport) {
        return switch (transport) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }
}
