package io.graylane.consul;

import io.graylane.testkit.consul.ConsulSimulator;

import java.time.Duration;
import java.util.Map;

/** Clients and settings for tests against the simulator. */
final class Sims {

    /** Short waits and back-offs so a test sees several cycles in a second or two. */
    static final WatchSettings FAST = WatchSettings.builder()
            .waitTime(Duration.ofSeconds(1))
            .ratePerSecond(20)
            .burst(2)
            .backoffInitial(Duration.ofMillis(50))
            .backoffMax(Duration.ofMillis(400))
            .build();

    private Sims() {
    }

    /** A client for {@code sim} that ignores the process environment. */
    static ConsulClient client(ConsulSimulator sim) {
        return ConsulClient.create(config(sim).build());
    }

    /** A config builder for {@code sim} that ignores the process environment. */
    static ConsulClientConfig.Builder config(ConsulSimulator sim) {
        return ConsulClientConfig.builder()
                .environment(Map.<String, String>of()::get)
                .address(sim.address())
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(3))
                .defaultWait(Duration.ofSeconds(1));
    }
}
