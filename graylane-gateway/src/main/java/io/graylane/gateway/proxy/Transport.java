package io.graylane.gateway.proxy;

/**
 * The socket transport a {@link GatewayServer} runs on. By default the best one the machine offers is
 * chosen: io_uring, else epoll, else NIO (see {@link #best()}).
 */
public enum Transport {
    /** Linux io_uring through Netty's native transport: the least CPU per request. */
    IO_URING("io_uring"),
    /** Linux epoll through Netty's native transport. */
    EPOLL("epoll"),
    /** The JDK's NIO selector: works everywhere. */
    NIO("nio");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** Whether this transport can run here (native library loaded, kernel support present). */
    public boolean isAvailable() {
        return switch (this) {
            case IO_URING -> io.netty.channel.uring.IoUring.isAvailable();
            case EPOLL -> io.netty.channel.epoll.Epoll.isAvailable();
            case NIO -> true;
        };
    }

    /** Why this transport cannot run here, or {@code null} when it can. */
    public Throwable unavailabilityCause() {
        return switch (this) {
            case IO_URING -> io.netty.channel.uring.IoUring.unavailabilityCause();
            case EPOLL -> io.netty.channel.epoll.Epoll.unavailabilityCause();
            case NIO -> null;
        };
    }

    /** The best transport available here: io_uring, else epoll, else NIO. */
    public static Transport best() {
        if (IO_URING.isAvailable()) {
            return IO_URING;
        }
        return EPOLL.isAvailable() ? EPOLL : NIO;
    }

    /** The name used in logs and docs: {@code io_uring}, {@code epoll} or {@code nio}. */
    @Override
    public String toString() {
        return label;
    }
}
