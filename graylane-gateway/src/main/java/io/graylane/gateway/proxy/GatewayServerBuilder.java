package io.graylane.gateway.proxy;

import io.graylane.core.chain.ChainListener;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.engine.LaneEngine;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import io.graylane.gateway.proxy.internal.H2Options;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link GatewayServer}. Each setter checks its argument at once and names it in the
 * message ({@code port: -1 (expected: 0..65535)}). Not thread-safe; build on one thread.
 */
public final class GatewayServerBuilder {

    LaneEngine engine;
    InetAddress bindAddress = InetAddress.getLoopbackAddress();
    int port = 8080;
    int eventLoops = Runtime.getRuntime().availableProcessors();
    Transport transport;
    int maxInitialLineLength = 8 * 1024;
    int maxHeaderSize = 16 * 1024;
    Duration connectTimeout = Duration.ofSeconds(2);
    Duration responseHeaderTimeout = Duration.ofSeconds(30);
    Duration clientIdleTimeout = Duration.ofSeconds(60);
    Duration upstreamIdleTimeout = Duration.ofSeconds(30);
    int maxIdleConnectionsPerUpstream = 64;
    int http2MaxConcurrentStreams = H2Options.DEFAULT.maxConcurrentStreams();
    int http2MaxStreamsPerUpstreamConnection = H2Options.DEFAULT.maxStreamsPerUpstreamConnection();
    boolean debugHeader;
    Clock clock = Clock.systemUTC();
    MiddlewareRegistry registry;
    RequestObserver requestObserver;
    Path pluginDirectory;
    Duration pluginServeTimeout = Duration.ofSeconds(30);
    ChainListener chainListener = ChainListener.NONE;
    Duration drainDeadline = Duration.ofSeconds(30);

    GatewayServerBuilder(LaneEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * The address to listen on, as an IP literal ({@code 127.0.0.1}, {@code 0.0.0.0}, {@code ::}).
     * Default {@code 127.0.0.1}.
     */
    public GatewayServerBuilder bindAddress(String literal) {
        Objects.requireNonNull(literal, "bindAddress");
        byte[] bytes = io.graylane.core.net.Cidr.parseLiteral(literal);
        if (bytes == null) {
            throw new IllegalArgumentException("bindAddress: " + literal + " (expected: an IPv4 or IPv6 address)");
        }
        try {
            this.bindAddress = InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress: " + literal + " (expected: an IPv4 or IPv6 address)", e);
        }
        return this;
    }

    /** The address to listen on. Default the loopback address. */
    public GatewayServerBuilder bindAddress(InetAddress address) {
        this.bindAddress = Objects.requireNonNull(address, "bindAddress");
        return this;
    }

    /** The port to listen on; 0 picks a free one ({@link GatewayServer#port()} tells which). Default 8080. */
    public GatewayServerBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        this.port = port;
        return this;
    }

    /** Event loop threads serving connections. Default the number of cores. */
    public GatewayServerBuilder eventLoops(int eventLoops) {
        if (eventLoops < 1 || eventLoops > 1024) {
            throw new IllegalArgumentException("eventLoops: " + eventLoops + " (expected: 1..1024)");
        }
        this.eventLoops = eventLoops;
        return this;
    }

    /** Forces a transport; by default {@link Transport#best()}. */
    public GatewayServerBuilder transport(Transport transport) {
        Objects.requireNonNull(transport, "transport");
        if (!transport.isAvailable()) {
            throw new IllegalArgumentException("transport: " + transport + " (expected: an available transport; "
                    + transport + " is not: " + transport.unavailabilityCause() + ")");
        }
        this.transport = transport;
        return this;
    }

    /** Longest request line accepted; a longer one is answered 414. Default 8 KiB. */
    public GatewayServerBuilder maxInitialLineLength(int bytes) {
        if (bytes < 256 || bytes > 1024 * 1024) {
            throw new IllegalArgumentException("maxInitialLineLength: " + bytes + " (expected: 256..1048576)");
        }
        this.maxInitialLineLength = bytes;
        return this;
    }

    /** Largest request header block accepted; a larger one is answered 431. Default 16 KiB. */
    public GatewayServerBuilder maxHeaderSize(int bytes) {
        if (bytes < 1024 || bytes > 1024 * 1024) {
            throw new IllegalArgumentException("maxHeaderSize: " + bytes + " (expected: 1024..1048576)");
        }
        this.maxHeaderSize = bytes;
        return this;
    }

    /** How long opening an upstream connection may take; then 504. Default 2 s. */
    public GatewayServerBuilder connectTimeout(Duration timeout) {
        positive("connectTimeout", timeout);
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout: " + format(timeout) + " (expected: 1ms..24d)");
        }
        this.connectTimeout = timeout;
        return this;
    }

    /**
     * How long the upstream may take, once the request is fully sent, to send its response headers;
     * then 504. Default 30 s.
     */
    public GatewayServerBuilder responseHeaderTimeout(Duration timeout) {
        this.responseHeaderTimeout = positive("responseHeaderTimeout", timeout);
        return this;
    }

    /** How long an idle keep-alive client connection stays open. Default 60 s. */
    public GatewayServerBuilder clientIdleTimeout(Duration timeout) {
        this.clientIdleTimeout = positive("clientIdleTimeout", timeout);
        return this;
    }

    /** How long an idle pooled upstream connection stays open. Default 30 s. */
    public GatewayServerBuilder upstreamIdleTimeout(Duration timeout) {
        this.upstreamIdleTimeout = positive("upstreamIdleTimeout", timeout);
        return this;
    }

    /**
     * Idle keep-alive connections kept per upstream address and event loop; 0 disables pooling.
     * Default 64.
     */
    public GatewayServerBuilder maxIdleConnectionsPerUpstream(int connections) {
        if (connections < 0 || connections > 100_000) {
            throw new IllegalArgumentException("maxIdleConnectionsPerUpstream: " + connections
                    + " (expected: 0..100000)");
        }
        this.maxIdleConnectionsPerUpstream = connections;
        return this;
    }

    /**
     * Streams an HTTP/2 client may have open at once on one connection (the gateway's
     * {@code SETTINGS_MAX_CONCURRENT_STREAMS}); more are refused. Default 128.
     */
    public GatewayServerBuilder http2MaxConcurrentStreams(int streams) {
        if (streams < 1 || streams > 10_000) {
            throw new IllegalArgumentException("http2MaxConcurrentStreams: " + streams + " (expected: 1..10000)");
        }
        this.http2MaxConcurrentStreams = streams;
        return this;
    }

    /**
     * Streams the gateway opens at once on one h2c upstream connection, at most (fewer when the
     * upstream's {@code SETTINGS_MAX_CONCURRENT_STREAMS} says so); past it, another connection opens.
     * Default 100.
     */
    public GatewayServerBuilder http2MaxStreamsPerUpstreamConnection(int streams) {
        if (streams < 1 || streams > 10_000) {
            throw new IllegalArgumentException("http2MaxStreamsPerUpstreamConnection: " + streams
                    + " (expected: 1..10000)");
        }
        this.http2MaxStreamsPerUpstreamConnection = streams;
        return this;
    }

    /**
     * Whether every routed response and every answer of the gateway carries {@code X-Graylane-Debug}
     * (lane, its source, rule, served lane, fallback reason, instance). Default off: it tells clients
     * about your topology. The {@code debug-header} middleware does the same per config.
     */
    public GatewayServerBuilder debugHeader(boolean enabled) {
        this.debugHeader = enabled;
        return this;
    }

    /**
     * The middleware types the config's {@code chain} entries are built from. Default: the built-in
     * types ({@link BuiltinMiddleware}), a fresh set per server. Add plugin types with
     * {@code new BuiltinMiddleware().registry().with(factory)}.
     */
    public GatewayServerBuilder middlewareRegistry(MiddlewareRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "middlewareRegistry");
        return this;
    }

    /**
     * What every request is told to when it is over, chain or not: the hook of request metrics
     * ({@code GatewayMetrics}). Default none: nothing is recorded and the fast path stays as it is.
     */
    public GatewayServerBuilder requestObserver(RequestObserver observer) {
        this.requestObserver = Objects.requireNonNull(observer, "requestObserver");
        return this;
    }

    /**
     * A directory of plugin jars whose middleware types are added to the registry's: scanned when the
     * server is built and again on every {@link GatewayServer#updateEngine} and
     * {@link GatewayServer#reloadPlugins}; a jar that cannot be loaded refuses the update. Default none.
     * See {@code docs/plugins.md}.
     */
    public GatewayServerBuilder pluginDirectory(Path directory) {
        this.pluginDirectory = Objects.requireNonNull(directory, "pluginDirectory");
        return this;
    }

    /** How long a plugin middleware may take to answer before its request fails; 0 turns it off. Default 30s. */
    public GatewayServerBuilder pluginServeTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "pluginServeTimeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("pluginServeTimeout: " + format(timeout) + " (expected: >= 0)");
        }
        this.pluginServeTimeout = timeout;
        return this;
    }

    /** Told about middleware loads, chain swaps, rejections and drains (metrics). Default none. */
    public GatewayServerBuilder chainListener(ChainListener listener) {
        this.chainListener = Objects.requireNonNull(listener, "chainListener");
        return this;
    }

    /**
     * How long a replaced chain may drain before it is closed anyway (its stragglers still finish).
     * Default 30s.
     */
    public GatewayServerBuilder drainDeadline(Duration deadline) {
        this.drainDeadline = positive("drainDeadline", deadline);
        return this;
    }

    static MiddlewareRegistry builtinRegistry() {
        return new BuiltinMiddleware().registry();
    }

    /** The clock signed lanes are checked against. Default the system clock. */
    public GatewayServerBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * A server with these settings; {@link GatewayServer#start()} binds it. The engine's middleware
     * chain is built here.
     *
     * @throws io.graylane.core.GraylaneException when the chain cannot be built, naming the entry
     */
    public GatewayServer build() {
        return new GatewayServer(this);
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + format(d) + " (expected: > 0)");
        }
        return d;
    }

    /** {@code 2s}, {@code 250ms}, {@code -1s}: the house form for durations in messages. */
    static String format(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
