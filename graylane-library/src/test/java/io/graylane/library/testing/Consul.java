package io.graylane.library.testing;

import io.graylane.consul.ConsulClient;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.ConsulDiscovery;
import io.graylane.consul.WatchSettings;
import io.graylane.testkit.consul.ConsulSimulator;
import io.graylane.testkit.consul.ServiceRegistration;

import java.time.Duration;
import java.util.Map;

/** The Consul simulator with a node on 127.0.0.1, and a fast discovery over real HTTP. */
public final class Consul implements AutoCloseable {

    /** Short waits and back-offs so changes arrive within a second. */
    public static final WatchSettings FAST = WatchSettings.builder()
            .waitTime(Duration.ofSeconds(1))
            .ratePerSecond(50)
            .burst(5)
            .backoffInitial(Duration.ofMillis(50))
            .backoffMax(Duration.ofMillis(400))
            .build();

    public static final String NODE = "local";

    private final ConsulSimulator sim = ConsulSimulator.start();
    private final ConsulClient client;

    public Consul() {
        sim.nodes().add(NODE, "127.0.0.1");
        client = ConsulClient.create(ConsulClientConfig.builder()
                .environment(Map.<String, String>of()::get)
                .address(sim.address())
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(3))
                .defaultWait(Duration.ofSeconds(1))
                .build());
    }

    public ConsulSimulator sim() {
        return sim;
    }

    public ConsulClient client() {
        return client;
    }

    /** A new discovery on this simulator (close it). */
    public ConsulDiscovery discovery() {
        return ConsulDiscovery.builder(client).settings(FAST).build();
    }

    /** Registers {@code id} of {@code service} on 127.0.0.1:{@code port} with tag {@code version=<version>}. */
    public void register(String service, String id, int port, String version, String health) {
        sim.services().register(ServiceRegistration.builder(service).id(id).node(NODE).address("127.0.0.1").port(port)
                .tags("version=" + version).health(health).build());
    }

    public void setHealth(String id, String health) {
        sim.services().setHealth(NODE, id, health);
    }

    public void deregister(String id) {
        sim.services().deregister(NODE, id);
    }

    @Override
    public void close() {
        sim.close();
    }
}
