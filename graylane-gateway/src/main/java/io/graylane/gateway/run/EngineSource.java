package io.graylane.gateway.run;

import java.util.function.Consumer;

/**
 * Where a gateway's engine comes from, now and after every change: a config file
 * ({@link FileConfigSource}), or a config file or Consul KV key with instances from Consul discovery
 * ({@link ConsulEngineSource}).
 * The gateway asks for the first snapshot with {@link #load()}, starts serving it, then {@link #watch}es
 * for the next ones and swaps each in. A change that fails validation never reaches the listener: the
 * source reports it (logs, outcome) and the last good snapshot keeps serving.
 *
 * <p>Implementations are thread-safe.
 */
public interface EngineSource extends AutoCloseable {

    /**
     * Reads and validates the configuration and builds the first engine. Called once, before
     * {@link #watch}.
     *
     * @throws io.graylane.config.ConfigException when the configuration cannot be read or is invalid,
     *                                            with every error named by file and config path
     */
    EngineSnapshot load();

    /**
     * Follows the source from now on and tells {@code listener} each new valid snapshot, one at a time
     * and in order, on the source's own thread. The listener swaps the engine in (for example
     * {@code snapshot -> server.updateEngine(snapshot.engine())}); if it throws, the snapshot is refused
     * like an invalid config (reported, and the previous one stays current).
     */
    void watch(Consumer<EngineSnapshot> listener);

    /** Asks for a look at the source now (on SIGHUP, say), without waiting; what it finds is logged. */
    void refresh();

    /** Stops following the source. Idempotent. */
    @Override
    void close();
}
