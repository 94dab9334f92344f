package io.graylane.gateway.rollback;

import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.run.ConsulEngineSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Clock;

/**
 * History, rollback and automatic rollback of one running gateway, wired together: the
 * {@link ConfigHistory} given to the source's builder ({@code revisions(history)}) before it loaded, the
 * {@link Rollbacks} the admin API calls, and the {@link AutoRollback} watching the server's answers.
 *
 * <pre>{@code
 * ConfigHistory history = new ConfigHistory();
 * ConsulEngineSource source = ConsulEngineSource.fromConsulKey("graylane/config").revisions(history).build();
 * GatewayServer server = GatewayServer.builder(source.load().engine()).build().start();
 * ConfigOperations ops = ConfigOperations.start(history, source, server, metrics.registry(), Clock.systemUTC());
 * }</pre>
 *
 * Thread-safe.
 */
public final class ConfigOperations implements AutoCloseable {

    private final ConfigHistory history;
    private final Rollbacks rollbacks;
    private final AutoRollback auto;

    private ConfigOperations(ConfigHistory history, Rollbacks rollbacks, AutoRollback auto) {
        this.history = history;
        this.rollbacks = rollbacks;
        this.auto = auto;
    }

    /**
     * Starts rollbacks and automatic rollback for {@code server} serving {@code source}'s configuration.
     *
     * @param registry where {@code graylane_config_rollbacks_total} goes, or {@code null}
     */
    public static ConfigOperations start(ConfigHistory history, ConsulEngineSource source, GatewayServer server,
                                         PrometheusRegistry registry, Clock clock) {
        Rollbacks rollbacks = new Rollbacks(history, source, registry, clock);
        AutoRollback auto = new AutoRollback(history, rollbacks, server::servedCounts, clock).start();
        return new ConfigOperations(history, rollbacks, auto);
    }

    /** The versions kept. */
    public ConfigHistory history() {
        return history;
    }

    /** Manual rollbacks (the admin API). */
    public Rollbacks rollbacks() {
        return rollbacks;
    }

    /** The automatic rollback. */
    public AutoRollback auto() {
        return auto;
    }

    /** Stops watching and recording. */
    @Override
    public void close() {
        auto.close();
        history.close();
    }
}
