package io.graylane.bench.swap;

import io.graylane.core.chain.ChainLease;
import io.graylane.core.chain.ChainListener;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.LiveChain;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.chain.Response;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.plugin.PluginDirectory;
import io.graylane.core.plugin.PluginSet;
import io.graylane.gateway.proxy.GatewayServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long one hot swap of the middleware chain takes, alternating between two configurations whose
 * chains differ (the {@code header} middleware's value), so every swap builds, provisions and publishes
 * a whole new chain of the gateway's seven built-in middleware and retires the old one. Not JMH: each
 * swap is timed on its own and percentiles are computed over all of them. Modes:
 * <ul>
 *   <li>{@code core}: {@link LiveChain#update(Object, List)} with the gateway's registry;</li>
 *   <li>{@code core-plugin}: the chain also holds a plugin type, and before each swap a new version of the
 *       plugin jar replaces the old one: the timed swap is {@link PluginDirectory#scan()} (hash, new class
 *       loader, ServiceLoader) plus {@code LiveChain.update} with the new registry;</li>
 *   <li>{@code gateway}: {@link GatewayServer#updateEngine} on a started server (listening on loopback);</li>
 *   <li>{@code gateway-plugin}: the same with {@code --plugin-dir} and a new jar version before each swap
 *       ({@code updateEngine} rescans the directory first).</li>
 * </ul>
 * Installing the jar (a copy and a rename) is not timed. A chain listener counts the chains built: a run
 * whose swaps did not each build a new chain fails. Run by hand, never in the test command:
 * <pre>
 * java -cp graylane-bench/target/benchmarks.jar io.graylane.bench.swap.SwapLatency [mode|all] [swaps] [warmup] [pauseMillis]
 * </pre>
 */
public final class SwapLatency {

    private static final String PLUGIN_TYPE = "bench.stamp";

    private SwapLatency() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        int swaps = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        long pause = args.length > 3 ? Long.parseLong(args[3]) : 2;
        List<String> modes = mode.equals("all") ? List.of("core", "core-plugin", "gateway", "gateway-plugin") : List.of(mode);
        System.out.printf("java %s (%s), swaps=%d warmup=%d pause=%dms%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), swaps, warmup, pause);
        for (String m : modes) {
            long[] nanos = switch (m) {
                case "core" -> core(false, swaps, warmup, pause);
                case "core-plugin" -> core(true, swaps, warmup, pause);
                case "gateway" -> gateway(false, swaps, warmup, pause);
                case "gateway-plugin" -> gateway(true, swaps, warmup, pause);
                default -> throw new IllegalArgumentException("mode: " + m
                        + " (expected: core, core-plugin, gateway, gateway-plugin or all)");
            };
            System.out.printf("%-15s swap: %s%n", m, new Percentiles(nanos).line());
        }
    }

    private static long[] core(boolean plugin, int swaps, int warmup, long pause) throws Exception {
        String type = plugin ? PLUGIN_TYPE : null;
        LaneEngine[] engines = {LaneEngine.create(SwapConfigs.config("a", 9, type)), LaneEngine.create(SwapConfigs.config("b", 9, type))};
        Handler terminal = exchange -> CompletableFuture.completedFuture(Response.of(200));
        MiddlewareRegistry builtins = SwapConfigs.gatewayRegistry();
        Path work = Files.createTempDirectory("graylane-swap");
        Path[] jars = plugin ? jars(work) : null;
        Path dir = Files.createDirectories(work.resolve("plugins"));
        AtomicLong built = new AtomicLong();
        try (PluginDirectory plugins = PluginDirectory.builder(dir).builtins(builtins).build()) {
            LiveChain<LaneEngine> live;
            if (plugin) {
                PluginJars.install(jars[0], dir, "stamp.jar");
                PluginSet set = plugins.scan();
                live = LiveChain.builder(terminal).listener(counting(built)).start(engines[0], engines[0].config().chain(), set.registry(), set);
            } else {
                live = LiveChain.builder(terminal).registry(builtins).listener(counting(built)).start(engines[0], engines[0].config().chain());
            }
            long[] nanos = new long[swaps];
            for (int i = 1; i <= warmup + swaps; i++) {
                LaneEngine next = engines[i % 2];
                long start;
                long took;
                if (plugin) {
                    PluginJars.install(jars[i % 2], dir, "stamp.jar");
                    start = System.nanoTime();
                    PluginSet set = plugins.scan();
                    live.update(next, next.config().chain(), set.registry(), set);
                    took = System.nanoTime() - start;
                } else {
                    start = System.nanoTime();
                    live.update(next, next.config().chain());
                    took = System.nanoTime() - start;
                }
                check(live.current(), next);
                if (i > warmup) {
                    nanos[i - warmup - 1] = took;
                }
                Thread.sleep(pause);
            }
            live.close().get();
            checkBuilt(built, warmup + swaps);
            return nanos;
        }
    }

    private static long[] gateway(boolean plugin, int swaps, int warmup, long pause) throws Exception {
        String type = plugin ? PLUGIN_TYPE : null;
        LaneEngine[] engines = {LaneEngine.create(SwapConfigs.config("a", 9, type)), LaneEngine.create(SwapConfigs.config("b", 9, type))};
        Path work = Files.createTempDirectory("graylane-swap");
        Path[] jars = plugin ? jars(work) : null;
        Path dir = Files.createDirectories(work.resolve("plugins"));
        if (plugin) {
            PluginJars.install(jars[0], dir, "stamp.jar");
        }
        AtomicLong built = new AtomicLong();
        var b = GatewayServer.builder(engines[0]).bindAddress("127.0.0.1").port(0)
                .middlewareRegistry(SwapConfigs.gatewayRegistry()).chainListener(counting(built));
        if (plugin) {
            b.pluginDirectory(dir);
        }
        try (GatewayServer server = b.build().start()) {
            long[] nanos = new long[swaps];
            for (int i = 1; i <= warmup + swaps; i++) {
                LaneEngine next = engines[i % 2];
                if (plugin) {
                    PluginJars.install(jars[i % 2], dir, "stamp.jar");
                }
                long start = System.nanoTime();
                server.updateEngine(next);
                long took = System.nanoTime() - start;
                if (server.engine() != next) {
                    throw new IllegalStateException("swap " + i + ": the new engine is not live");
                }
                if (i > warmup) {
                    nanos[i - warmup - 1] = took;
                }
                Thread.sleep(pause);
            }
            checkBuilt(built, warmup + swaps);
            return nanos;
        }
    }

    /** A listener counting the chains built (the first one and one per swap). */
    private static ChainListener counting(AtomicLong built) {
        return new ChainListener() {
            @Override
            public void swapped(long generation, List<String> ids, long buildNanos) {
                built.incrementAndGet();
            }
        };
    }

    /** Every swap must have built a whole new chain, not kept the old one. */
    private static void checkBuilt(AtomicLong built, int swaps) {
        if (built.get() != swaps + 1) {
            throw new IllegalStateException("swaps: " + built.get() + " chains built (expected: " + (swaps + 1) + ")");
        }
    }

    private static Path[] jars(Path work) {
        return new Path[]{PluginJars.stamp(work.resolve("v1/stamp.jar"), PLUGIN_TYPE, "1.0." + 1),
                PluginJars.stamp(work.resolve("v2/stamp.jar"), PLUGIN_TYPE, "1.0." + 2)};
    }

    private static void check(ChainLease<LaneEngine> current, LaneEngine expected) {
        if (current.value() != expected || current.generation() == null) {
            throw new IllegalStateException("swap: the new chain is not live");
        }
    }
}
