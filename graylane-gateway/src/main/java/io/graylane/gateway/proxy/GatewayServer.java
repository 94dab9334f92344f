package io.graylane.gateway.proxy;

import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.plugin.PluginFailures;
import io.graylane.core.plugin.PluginJar;
import io.graylane.gateway.proxy.internal.H2Options;
import io.graylane.gateway.proxy.internal.ProxyOptions;
import io.graylane.gateway.proxy.internal.ProxyRuntime;
import io.graylane.gateway.proxy.internal.SnapshotHolder;
import io.graylane.gateway.proxy.internal.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Graylane edge gateway: an HTTP/1.1 and h2c (HTTP/2 with prior knowledge, on the same port)
 * reverse proxy that decides each request with a
 * {@link LaneEngine} (trust, lane, route, instance) and streams it to the chosen upstream instance.
 *
 * <pre>{@code
 * GatewayServer server = GatewayServer.builder(LaneEngine.create(config)).port(8080).build().start();
 * server.updateEngine(LaneEngine.create(newConfig));   // a reload: the next requests use it
 * server.shutdownGracefully(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>The engine and the middleware chain built from its config's {@code chain} entries form one
 * snapshot, held in an atomic reference: {@link #updateEngine} swaps it at once, every request reads it
 * once when it arrives and finishes on that engine and chain; a replaced chain is closed once its
 * requests have drained; connection pools outlive swaps. With no chain entries, requests take the
 * plain relay with nothing added. Thread-safe. See {@code docs/gateway.md} for the request flow,
 * answers and headers, and {@code docs/middleware.md} for the built-in middleware.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    private enum Phase { NEW, STARTED, CLOSED }

    private final SnapshotHolder snapshots;
    private final GatewayServerBuilder settings;
    private final ProxyOptions options;
    private final Transport transport;
    private final Object lock = new Object();
    private Phase phase = Phase.NEW;
    private EventLoopGroup group;
    private Channel serverChannel;
    private ProxyRuntime runtime;
    private InetSocketAddress localAddress;

    GatewayServer(GatewayServerBuilder b) {
        MiddlewareRegistry registry = b.registry != null ? b.registry : GatewayServerBuilder.builtinRegistry();
        this.snapshots = ChainRuntime.holder(b, registry);
        this.settings = b;
        this.transport = b.transport != null ? b.transport : Transport.best();
        this.options = new ProxyOptions(b.maxInitialLineLength, b.maxHeaderSize, (int) b.connectTimeout.toMillis(),
                b.responseHeaderTimeout.toNanos(), b.clientIdleTimeout.toNanos(), b.upstreamIdleTimeout.toNanos(),
                b.maxIdleConnectionsPerUpstream, b.debugHeader, b.clock);
    }

    /** A builder for a server that starts with {@code engine}. */
    public static GatewayServerBuilder builder(LaneEngine engine) {
        return new GatewayServerBuilder(engine);
    }

    /**
     * Binds the port and starts serving.
     *
     * @return this server
     * @throws IllegalStateException when already started or closed, or when the port cannot be bound
     *                               ({@code bind 127.0.0.1:8080: Address already in use})
     */
    public GatewayServer start() {
        synchronized (lock) {
            if (phase != Phase.NEW) {
                throw new IllegalStateException("start: server is " + phase.name().toLowerCase()
                        + " (expected: a new server)");
            }
            EventLoopGroup g = Transports.newGroup(transport, settings.eventLoops,
                    new DefaultThreadFactory("graylane-" + transport, true));
            ProxyRuntime rt = new ProxyRuntime(snapshots, options, new H2Options(settings.http2MaxConcurrentStreams,
                    settings.http2MaxStreamsPerUpstreamConnection), g, Transports.socketChannel(transport),
                    settings.requestObserver);
            ServerBootstrap bootstrap = new ServerBootstrap()
                    // One group accepts and serves: an accepted connection and its upstreams share a loop.
                    .group(g)
                    .channel(Transports.serverChannel(transport))
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(rt.clientInitializer());
            ChannelFuture bound = bootstrap.bind(settings.bindAddress, settings.port).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                g.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                phase = Phase.CLOSED;
                snapshots.close();
                Throwable cause = bound.cause();
                throw new IllegalStateException("bind " + settings.bindAddress.getHostAddress() + ":" + settings.port
                        + ": " + (cause == null ? "failed" : cause.getMessage()), cause);
            }
            group = g;
            runtime = rt;
            serverChannel = bound.channel();
            localAddress = (InetSocketAddress) serverChannel.localAddress();
            phase = Phase.STARTED;
            log.info("Graylane gateway listening on {}:{} (transport {}, {} event loops)",
                    localAddress.getAddress().getHostAddress(), localAddress.getPort(), transport, settings.eventLoops);
            return this;
        }
    }

    /**
     * The port listened on (the chosen one when built with port 0).
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public int port() {
        return localAddress().getPort();
    }

    /**
     * The address and port listened on.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public InetSocketAddress localAddress() {
        synchronized (lock) {
            if (localAddress == null) {
                throw new IllegalStateException("port: server is not started (expected: start() first)");
            }
            return localAddress;
        }
    }

    /** The transport this server runs on. */
    public Transport transport() {
        return transport;
    }

    /** The engine new requests are decided with. */
    public LaneEngine engine() {
        return snapshots.engine();
    }

    /**
     * Swaps in {@code newEngine} (a config reload or a discovery change): requests that arrive from now
     * on use it, requests in flight finish on the engine and chain they started with. With a plugin
     * directory, it is rescanned first. When the new config's {@code chain} entries (or the plugin
     * jars) differ from the current ones, the new chain is built first — one
     * that fails to build throws and nothing changes — and the old one is closed once its in-flight
     * requests have drained. Equal entries keep the current chain and its middleware's state
     * (rate-limit buckets, circuit breakers), so a discovery change does not reset them.
     *
     * @throws io.graylane.core.GraylaneException when the new chain cannot be built, naming the entry
     */
    public void updateEngine(LaneEngine newEngine) {
        snapshots.update(Objects.requireNonNull(newEngine, "engine"));
    }

    /**
     * What was answered under the config serving now: requests and 5xx answers, counted from its swap
     * on (discovery changes keep counting on the same object). For automatic rollback and tests.
     */
    public ServedCounts servedCounts() {
        return snapshots.counts();
    }

    /** Ids of the middleware new requests run through, in order; empty when the chain is. */
    public List<String> chainIds() {
        return snapshots.chainIds();
    }

    /**
     * Whether the current chain passes through (every middleware said it has nothing to do, as
     * {@code recover} alone does): its requests take the no-chain fast path. True without a chain.
     */
    public boolean chainPassesThrough() {
        return snapshots.chainPassesThrough();
    }

    /** Requests in flight on the current middleware chain, for tests and the admin API. */
    public int chainInFlight() {
        return snapshots.chainInFlight();
    }

    /** The middleware types this server builds chains from: the built-ins plus the plugins' of the current chain. */
    public MiddlewareRegistry middlewareRegistry() {
        return snapshots.registry();
    }

    /**
     * Rescans the plugin directory (if any) and, when a jar changed, rebuilds the chain with the
     * current engine's config, like {@link #updateEngine}.
     *
     * @throws io.graylane.core.GraylaneException naming the jar or entry when the new plugins cannot be used
     */
    public void reloadPlugins() {
        snapshots.reloadPlugins();
    }

    /** Serving failures of plugin middleware (thrown, timed out), when there is a plugin directory. */
    public Optional<PluginFailures> pluginFailures() {
        return snapshots.pluginFailures();
    }

    /** The plugin jars in use (empty without a plugin directory). */
    public List<PluginJar> pluginJars() {
        return snapshots.pluginJars();
    }

    /** The last middleware chain or plugin set this server refused (the chain in place kept serving), if any. */
    public Optional<ChainRejection> lastChainRejection() {
        return snapshots.lastRejection();
    }

    /** Whether the server is started, not shutting down, and its listening socket is open; for readiness checks. */
    public boolean accepting() {
        synchronized (lock) {
            return phase == Phase.STARTED && serverChannel != null && serverChannel.isActive();
        }
    }

    /** Open client connections, for tests and metrics; 0 before start and after close. */
    public int openConnections() {
        synchronized (lock) {
            return runtime == null || phase != Phase.STARTED ? 0 : runtime.openConnections();
        }
    }

    /**
     * Stops accepting connections, lets requests in flight finish until {@code deadline} (their
     * responses carry {@code Connection: close}; idle keep-alive connections close at once), then closes
     * whatever is left and stops the event loops. Does nothing when not started or already closed.
     *
     * @return whether every request in flight finished before the deadline
     */
    public boolean shutdownGracefully(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative()) {
            throw new IllegalArgumentException("deadline: " + GatewayServerBuilder.format(deadline) + " (expected: >= 0)");
        }
        EventLoopGroup g;
        ProxyRuntime rt;
        Channel server;
        synchronized (lock) {
            if (phase != Phase.STARTED) {
                if (phase == Phase.NEW) {
                    snapshots.close();
                }
                phase = Phase.CLOSED;
                return true;
            }
            phase = Phase.CLOSED;
            g = group;
            rt = runtime;
            server = serverChannel;
        }
        server.close().awaitUninterruptibly();
        boolean drained = rt.drain().awaitUninterruptibly(deadline.toMillis());
        if (!drained && !deadline.isZero()) {
            log.warn("Graylane gateway: requests still in flight after {}; closing their connections",
                    GatewayServerBuilder.format(deadline));
        }
        rt.closeClients().awaitUninterruptibly(5, TimeUnit.SECONDS);
        g.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        CompletableFuture<Void> chainClosed = snapshots.close();
        try {
            chainClosed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Graylane gateway: the middleware chain did not close within 5s");
        }
        log.info("Graylane gateway on port {} stopped", localAddress.getPort());
        return drained;
    }

    /** Closes at once: requests in flight are cut off. {@link #shutdownGracefully} lets them finish. */
    @Override
    public void close() {
        shutdownGracefully(Duration.ZERO);
    }
}
