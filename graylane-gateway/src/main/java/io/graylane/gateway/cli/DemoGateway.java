package io.graylane.gateway.cli;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.LaneEngine;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.run.EngineSnapshot;
import io.graylane.testkit.demo.DemoTopology;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@code graylane demo} runs: the demo upstreams ({@link DemoTopology}) and a gateway with the
 * debug header on, over the embedded demo config with the upstreams' actual ports. Thread-safe.
 */
final class DemoGateway implements AutoCloseable {

    private final DemoTopology topology;
    private final GatewayServer server;
    private final EngineSnapshot snapshot;

    private DemoGateway(DemoTopology topology, GatewayServer server, EngineSnapshot snapshot) {
        this.topology = topology;
        this.server = server;
        this.snapshot = snapshot;
    }

    /**
     * Starts the upstreams, then the gateway.
     *
     * @param listen        where the gateway listens
     * @param upstreamPorts ports of frontend-v1, frontend-v2 and orders-v1 (0: a free one)
     * @throws java.io.UncheckedIOException when an upstream port cannot be bound (the message names it)
     * @throws IllegalStateException        when the gateway's port cannot be bound
     */
    static DemoGateway start(ServerOptions listen, int[] upstreamPorts) {
        return start(listen, upstreamPorts, b -> b);
    }

    /** {@link #start(ServerOptions, int[])} with {@code customizer} applied to the gateway's builder. */
    static DemoGateway start(ServerOptions listen, int[] upstreamPorts,
                             java.util.function.UnaryOperator<io.graylane.gateway.proxy.GatewayServerBuilder> customizer) {
        AtomicReference<URI> gateway = new AtomicReference<>();
        DemoTopology topology = DemoTopology.builder()
                .ports(upstreamPorts[0], upstreamPorts[1], upstreamPorts[2])
                .gateway(gateway::get)
                .start();
        try {
            String text = topology.rewritePorts(EmbeddedDemo.text());
            GraylaneConfig config = new ConfigLoader().parse(text, Format.YAML, EmbeddedDemo.NAME);
            EngineSnapshot snapshot = new EngineSnapshot(LaneEngine.create(config), EngineSnapshot.contentVersion(text),
                    EmbeddedDemo.NAME);
            GatewayServer server = customizer.apply(listen.builder(snapshot.engine()).debugHeader(true)).build().start();
            gateway.set(URI.create("http://" + listen.bind() + ":" + server.port()));
            return new DemoGateway(topology, server, snapshot);
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    URI uri() {
        return URI.create("http://" + server.localAddress().getAddress().getHostAddress() + ":" + server.port());
    }

    GatewayServer server() {
        return server;
    }

    DemoTopology topology() {
        return topology;
    }

    EngineSnapshot snapshot() {
        return snapshot;
    }

    /** Stops the gateway gracefully (requests in flight get up to {@code deadline}), then the upstreams. */
    boolean shutdown(Duration deadline) {
        boolean drained = server.shutdownGracefully(deadline);
        topology.close();
        return drained;
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
